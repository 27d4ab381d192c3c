-- Ciphertext is already encrypted: it does not compress, so store it out of line without
-- trying (STORAGE EXTERNAL), which also makes substring reads cheap.
ALTER TABLE chunks ALTER COLUMN ciphertext SET STORAGE EXTERNAL;
