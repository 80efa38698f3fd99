-- Guests opening the widget's panel, counted per program and UTC day, and nothing
-- else (no address, no page, no shopper): the console's sign-up conversion.
CREATE TABLE widget_opens (
  program_key TEXT NOT NULL,
  day         DATE NOT NULL,
  opens       BIGINT NOT NULL,
  PRIMARY KEY (program_key, day)
);
