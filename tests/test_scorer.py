"""Metric arithmetic on hand-built quotes."""
import pytest

from quoteattr.records import Quote
from quoteattr.scorer import QuoteEval, match_quotes, prf

TEXT = "aaa bbb ccc ddd eee fff ggg hhh iii jjj"
OFFSETS = [(i * 4, i * 4 + 3) for i in range(10)]


def q(start_tok, end_tok, type="direct", speaker="A", stance=None):
    return Quote(OFFSETS[start_tok][0], OFFSETS[end_tok - 1][1], type, speaker=speaker, stance=stance)


def test_prf():
    assert prf(1, 2, 4) == pytest.approx((0.5, 0.25, 1 / 3))
    assert prf(0, 0, 0) == (0.0, 0.0, 0.0)


def test_overlap_needs_half_of_the_shorter_span():
    gold = [q(0, 4)]
    assert match_quotes(gold, [q(2, 6)], OFFSETS) == [(0, 0)]  # shares 2 of 4
    assert match_quotes(gold, [q(3, 9)], OFFSETS) == []  # shares 1 of 4
    assert match_quotes(gold, [q(0, 4)], OFFSETS, exact=True) == [(0, 0)]
    assert match_quotes(gold, [q(0, 3)], OFFSETS, exact=True) == []


def test_each_gold_quote_matches_once():
    assert len(match_quotes([q(0, 4)], [q(0, 2), q(2, 4)], OFFSETS)) == 1


def test_scores_by_type_speaker_and_end_to_end():
    ev = QuoteEval()
    gold = [q(0, 2, "direct", "A"), q(3, 6, "indirect", "B"), q(7, 9, "mixed", "C")]
    pred = [q(0, 2, "direct", "A"), q(3, 5, "indirect", "X"), q(9, 10, "direct", "D")]
    ev.add(TEXT, OFFSETS, gold, pred)
    s = ev.scores()
    assert s["quote_overlap_p"] == pytest.approx(2 / 3) and s["quote_overlap_r"] == pytest.approx(2 / 3)
    assert s["quote_exact_f"] == pytest.approx(1 / 3)
    assert s["quote_overlap_direct_p"] == pytest.approx(1 / 2) and s["quote_overlap_direct_r"] == 1.0
    assert s["quote_overlap_mixed_r"] == 0.0
    assert s["speaker_acc"] == pytest.approx(1 / 2)
    assert s["e2e_f"] == pytest.approx(1 / 3)


def test_stance_macro_f_counts_missing_targets_as_none():
    ev = QuoteEval()
    gold = [q(0, 2, stance={"Donald Trump": "favor"}), q(3, 5, stance={"Joe Biden": "against"})]
    pred = [q(0, 2, stance={"Donald Trump": "favor", "Joe Biden": "neutral"}), q(3, 5, stance={})]
    ev.add(TEXT, OFFSETS, gold, pred)
    s = ev.scores()
    assert s["stance_favor_f"] == 1.0
    assert s["stance_against_f"] == 0.0  # gold against, predicted none
    assert s["stance_neutral_f"] == 0.0  # predicted neutral, gold none
    assert s["stance_macro_f"] == pytest.approx(1 / 3)
    assert s["stance_confusion"]["Joe Biden"]["against"]["none"] == 1
    assert s["stance_confusion"]["Joe Biden"]["none"]["neutral"] == 1


def test_continuation_carries_the_mention_of_the_turn_it_continues():
    from quoteattr.scorer import carried_mentions

    first = Quote(0, 3, "direct", speaker_span=(8, 11), speaker="A")
    cont = Quote(12, 15, "direct", speaker="A")
    other = Quote(16, 19, "direct", speaker="B")
    assert carried_mentions([first, cont, other]) == [(8, 11), (8, 11), None]


def test_external_corpora_without_stance_or_canonical_speakers_are_flagged():
    import spacy
    from spacy.training import Example

    from quoteattr.evaluation import annotated_fields
    from quoteattr.records import doc_from_record

    nlp = spacy.blank("en")
    text = 'Headline\n\n"We are ready," he said.'
    mention = (text.index("he said"), text.index("he said") + 2)
    start = text.index("We")
    end = text.index(",")
    polnear_like = {"id": "p1", "text": text, "quotes": [
        {"start": start, "end": end, "type": "direct", "speaker_span": list(mention), "speaker": "he", "stance": None}]}
    ours = {"id": "o1", "text": text, "quotes": [
        {"start": start, "end": end, "type": "direct", "speaker_span": list(mention), "speaker": "Dmitry Peskov",
         "stance": {}}]}
    examples = [Example(nlp.make_doc(text), doc_from_record(nlp, r)) for r in (polnear_like, ours)]
    assert annotated_fields(examples[:1]) == {"stance": False, "canonical_speakers": False}
    assert annotated_fields(examples[1:]) == {"stance": True, "canonical_speakers": True}


def test_mention_agreement_accepts_the_antecedent_of_a_relative_pronoun():
    from quoteattr.scorer import same_mention

    text = "Chris Christie, who said the senator lacked experience, left early. Rubio spoke later."
    christie, who = (0, 14), (16, 19)
    rubio = (text.index("Rubio"), text.index("Rubio") + 5)
    assert same_mention(text, who, christie)
    assert not same_mention(text, who, rubio)
    assert same_mention(text, None, None) and not same_mention(text, christie, None)
    # across an apposition set off by commas, not across a clause or a sentence
    text = "Sen. Ann Dale of Ohio, the ranking Democrat on the panel, who said none of it was new. Rubio, who left."
    dale, who = (0, 21), (text.index("who"), text.index("who") + 3)
    assert same_mention(text, who, dale)
    text = "Ortiz attacked Kerr, who said none of it was new."
    ortiz, who = (0, 5), (text.index("who"), text.index("who") + 3)
    assert not same_mention(text, who, ortiz)
    text = "Dale spoke first. Kerr, who said none of it was new."
    assert not same_mention(text, (text.index("who"), text.index("who") + 3), (0, 4))
