-- What a coupon is worth, as the program said when it was issued (JSON: kind, value, minOrderAmount,
-- name): a later edit of the reward, or its removal, changes no coupon already in a shopper's hands.
-- NULL for coupons issued before this column: they read the program, as they always did.
ALTER TABLE redemptions ADD COLUMN terms TEXT;
