"""Relatives' peer mentors: experienced relatives (volunteers of an organisation) offer to
be a mentor, a relative asks for one, the engine ranks the mentors, a coordinator pairs
them, and the relative is asked after 4 and 12 weeks whether it helped."""
