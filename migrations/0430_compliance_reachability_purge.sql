-- Retention purge (issue 9): staff reasons on reachability marks are free text about the debtor; the purge overwrites
-- them (the mark, its kind and times stay as the COL-31 record).
GRANT UPDATE (reason, clear_reason) ON compliance.reachability_marks TO recourse_app;
