"""The entries their owners keep: a coordinator's organisation's activities and meeting
places, and a municipality admin's. `selectors` read, `services` write, `freshness` turns
a reminder's link into a confirmation."""
