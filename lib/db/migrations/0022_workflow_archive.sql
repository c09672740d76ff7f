-- Archived workflows (issue 18, item 4): off for good and out of the list, with their versions
-- and run history kept (runs are evidence of what automation did to records). Restoring brings
-- one back to the list, still off. NULL: not archived.
ALTER TABLE workflows ADD COLUMN archived_at timestamptz;
