/** The console's entry: styles, then the app in #app. */
import { render } from 'preact'
import { App } from './app.tsx'
import './styles.css'

render(<App />, document.getElementById('app')!)
