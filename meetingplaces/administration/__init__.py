"""A municipality runs itself in Samvær: its home-care teams, the organisations it works
with (and which municipalities they serve), and its people, invited by a link with their
role. `selectors` read, `services` write, `invitations` signs and redeems the links.

Every service takes the municipality the admin runs and refuses anything outside it, so a
crafted form cannot reach another municipality's teams, organisations or people.
"""
