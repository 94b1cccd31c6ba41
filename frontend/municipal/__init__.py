"""The municipality admin's pages: teams, organisations, people and their invitations, and
the lookup of a citizen by care reference. Each view gets the municipality the admin runs
(`municipality_admin_required`) and hands it to `meetingplaces.administration`, whose
services refuse everything outside it; objects of another municipality answer 404."""
