"""The mentor engine's properties, for any mentors hypothesis draws: a shared situation
never ranks lower, distance does not matter by phone or video, load lowers the rank, the
hard rules hold, and every suggestion explains itself in Danish."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from meetingplaces.vocabulary import ALL_SLOTS
from mentors import engine
from mentors.vocabulary import ALL_WAYS, IN_PERSON, REMOTE, Illness, Relation, Way

HOME = (54.797, 11.645)  # Sakskøbing
# Geodesic distances take a while on a busy machine: no per-example deadline.
NO_DEADLINE = settings(deadline=None)

relations = st.sampled_from(Relation.values)
illnesses = st.sampled_from(Illness.values)
ways = st.integers(min_value=1, max_value=ALL_WAYS)
slots = st.integers(min_value=0, max_value=ALL_SLOTS)
# Within about 40 km of Sakskøbing: some near, some beyond the in-person radius.
latitudes = st.floats(min_value=HOME[0] - 0.35, max_value=HOME[0] + 0.35)
longitudes = st.floats(min_value=HOME[1] - 0.5, max_value=HOME[1] + 0.5)


@st.composite
def requests(draw, ways=ways):
    return engine.RequestFacts(
        relation=draw(relations),
        illness=draw(illnesses),
        ways=draw(ways),
        slots=draw(slots),
        latitude=HOME[0],
        longitude=HOME[1],
    )


ids = st.integers(min_value=1, max_value=10_000)


@st.composite
def mentors(draw, id=ids):
    load = draw(st.integers(min_value=0, max_value=20))
    return engine.MentorFacts(
        id=draw(id),
        relation=draw(relations),
        illness=draw(illnesses),
        ways=draw(ways),
        slots=draw(slots),
        latitude=draw(latitudes),
        longitude=draw(longitudes),
        load=load,
        places=draw(st.integers(min_value=1, max_value=3)),
    )


def _other(value, choices):
    return next(choice for choice in choices if choice != value)


def _rank_of(mentor_id, ranked) -> int:
    return [s.mentor_id for s in ranked].index(mentor_id)


@NO_DEADLINE
@given(requests(), mentors())
def test_a_mentor_sharing_relation_and_illness_never_ranks_below_one_who_does_not(request, m):
    sharing = replace(m, id=1, relation=request.relation, illness=request.illness)
    other = replace(
        m,
        id=2,
        relation=_other(request.relation, Relation.values),
        illness=_other(request.illness, Illness.values),
    )
    # Whichever id wins a tie: the sharing mentor first either way.
    for first, second in ((sharing, other), (replace(sharing, id=3), other)):
        ranked = engine.rank(request, [second, first])
        if ranked:
            assert _rank_of(first.id, ranked) < _rank_of(second.id, ranked)


@NO_DEADLINE
@given(requests(), mentors(), st.sampled_from(["relation", "illness"]))
def test_sharing_one_part_of_the_situation_scores_higher(request, m, part):
    base = replace(
        m,
        relation=_other(request.relation, Relation.values),
        illness=_other(request.illness, Illness.values),
    )
    sharing = replace(base, **{part: getattr(request, part)})
    distance = engine.distance_between(request, base)
    assert engine.score(request, sharing, distance) > engine.score(request, base, distance)


@NO_DEADLINE
@given(
    requests(ways=st.sampled_from([Way.PHONE, Way.VIDEO, REMOTE])),
    mentors(),
    latitudes,
    longitudes,
)
def test_distance_is_ignored_by_phone_and_video(request, m, latitude, longitude):
    m = replace(m, ways=m.ways | REMOTE)
    moved = replace(m, latitude=latitude, longitude=longitude)
    here, there = engine.rank(request, [m]), engine.rank(request, [moved])
    assert len(here) == len(there) == 1
    assert here[0].score == there[0].score
    assert [r.text for r in here[0].reasons] == [r.text for r in there[0].reasons]


@NO_DEADLINE
@given(requests(ways=st.sampled_from([Way.WALK, Way.CAFE, IN_PERSON])), mentors())
def test_in_person_nearer_scores_higher_and_beyond_the_radius_is_no_suggestion(request, m):
    m = replace(m, ways=IN_PERSON)
    near = replace(m, latitude=HOME[0], longitude=HOME[1])
    far = replace(m, latitude=HOME[0] + 0.5, longitude=HOME[1])  # about 56 km north
    assert engine.rank(request, [far]) == []
    ranked = engine.rank(request, [near])
    assert len(ranked) == 1
    distance = engine.distance_between(request, m)
    if distance <= engine.IN_PERSON_RADIUS_KM:
        assert engine.rank(request, [m])[0].score <= ranked[0].score


@NO_DEADLINE
@given(requests(), mentors(), st.integers(min_value=1, max_value=20))
def test_load_lowers_rank(request, m, more):
    m = replace(m, id=1, places=5)
    busier = replace(m, id=0, load=m.load + more)  # the lower id would win a tie
    ranked = engine.rank(request, [busier, m])
    if ranked:
        assert [s.mentor_id for s in ranked] == [1, 0]
        assert ranked[0].score > ranked[1].score


@NO_DEADLINE
@given(requests(), st.lists(mentors(), max_size=12, unique_by=lambda m: m.id))
def test_suggestions_break_no_hard_rule_and_are_ordered_and_explained(request, found):
    ranked = engine.rank(request, found)
    by_id = {m.id: m for m in found}
    for suggestion in ranked:
        mentor = by_id[suggestion.mentor_id]
        assert request.ways & mentor.ways
        assert mentor.places > 0
        if not request.ways & mentor.ways & REMOTE:
            assert suggestion.distance_km <= engine.IN_PERSON_RADIUS_KM
        kinds = [r.kind for r in suggestion.reasons]
        assert "way" in kinds and kinds[-1] == "load"
        assert all(r.text for r in suggestion.reasons)
    keys = [(-s.score, s.mentor_id) for s in ranked]
    assert keys == sorted(keys)
    assert engine.rank(request, list(reversed(found))) == ranked


@NO_DEADLINE
@given(requests(ways=st.integers(min_value=1, max_value=ALL_WAYS - 1)), mentors())
def test_a_mentor_without_a_shared_way_or_a_free_place_is_never_suggested(request, m):
    assert engine.rank(request, [replace(m, ways=ALL_WAYS & ~request.ways)]) == []
    assert engine.rank(request, [replace(m, places=0)]) == []


def test_reasons_read_as_plain_danish():
    request = engine.RequestFacts(
        relation=Relation.SPOUSE,
        illness=Illness.DEMENTIA,
        ways=Way.WALK,
        slots=0b1,
        latitude=HOME[0],
        longitude=HOME[1],
    )
    mentor = engine.MentorFacts(
        id=1,
        relation=Relation.SPOUSE,
        illness=Illness.DEMENTIA,
        ways=Way.WALK | Way.PHONE,
        slots=0b11,
        latitude=HOME[0] + 0.01,
        longitude=HOME[1],
        load=1,
        places=1,
    )
    (suggestion,) = engine.rank(request, [mentor])
    assert [r.text for r in suggestion.reasons] == [
        "Har selv været pårørende som ægtefælle eller partner",
        "Kender til demens",
        "Kan mødes ved en gåtur (1,1 km væk)",
        "Mandag formiddag passer",
        "Har 1 pårørende i gang",
    ]


def test_the_way_of_meeting_names_the_distance_only_for_meeting_in_person():
    request = engine.RequestFacts(
        relation=Relation.CHILD,
        illness=Illness.CANCER,
        ways=Way.WALK | Way.PHONE,
        slots=0,
        latitude=HOME[0],
        longitude=HOME[1],
    )
    near = engine.MentorFacts(
        id=1,
        relation=Relation.SPOUSE,
        illness=Illness.DEMENTIA,
        ways=Way.WALK | Way.PHONE,
        slots=0,
        latitude=HOME[0] + 0.01,
        longitude=HOME[1],
    )
    far = replace(near, id=2, latitude=HOME[0] + 0.5)
    by_id = {s.mentor_id: s for s in engine.rank(request, [near, far])}
    assert by_id[1].reasons[0].text == "Kan mødes ved telefon eller en gåtur (1,1 km væk)"
    assert by_id[2].reasons[0].text == "Kan mødes ved telefon"
    assert by_id[1].score == by_id[2].score  # by phone, nearness adds nothing
