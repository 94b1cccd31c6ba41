"""Importing a municipality's existing lists of meeting places and activities (CSV or
XLSX): read the file (`reading`), check every row and plan what would change without
writing (`selectors`), then write the valid rows in one transaction (`services`)."""
