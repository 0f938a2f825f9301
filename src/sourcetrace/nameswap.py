"""Other people, or the same ones in each other's roles, in the same words: a post that copies an
article's words with another person beside them, or with the article's two teams or candidates
exchanged, tells another event (`name_conflict`).

Trial 78: "Argentina beat Uruguay 2-0 in their FIFA World Cup qualifier on Thursday. Lionel Messi
and Julian Alvarez scored in each half" was a near_verbatim copy at 1.00 of "Uruguay beat the
defending champion Argentina 2-0 in their FIFA World Cup qualifier on Thursday. Ronald Araujo and
Darwin Nunez scored in each half"; "Shanghai Sharks beat Ningbo Rockets 103-96 in the 9th round"
likewise of the Rockets' win (trial 77 saw three such reversed results). Places the post swaps in
are `placeswap.place_conflict`'s; figures, `sharedfacts.figure_conflict`'s.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import replace

import regex

from . import anchorcompare, anchors, ordinals
from .lexicon import PLACE_PREFIX, demonyms, places
from .ordinals import NUMBER, Figure
from .placeswap import PLACE_STRADDLE, spelled_alike, word_bounds
from .prepared import Prepared
from .quantities import quantities
from .results import Span
from .stretchpoints import SENTENCE_END, Gap, at_point, points, sentence_at, tagged

__all__ = ["FIGURE_NEAR", "figures_exchanged", "name_conflict"]

# Letters of a word's start that spell one name in its cases ("Путин", "Путина", "Путину"), for
# words at least this long; shorter words must be spelled alike.
_STEM = 5


def _key(word: str) -> str:
    """A word as names are compared here: ASCII, lower case (anchors' folding: "Andrés" is "andres",
    "Путина" "putina"), its first `_STEM` letters."""
    return anchors._fold(word)[:_STEM]


@functools.lru_cache(maxsize=256)
def _word_keys(text: str) -> frozenset[str]:
    """The keys (`_key`) of `text`'s words of two letters or more: whether a text writes a name's
    word anywhere. Cached: `name_conflict` and `_swapped_slot` ask it of one post and article at
    every point."""
    return frozenset(_key(w) for w in regex.findall(r"\p{L}{2,}", text))


def _words(anchor: anchors.Anchor) -> list[str]:
    return [anchors._fold(w) for w in regex.findall(r"\p{L}+", anchor.text)]


def _stems(anchor: anchors.Anchor) -> frozenset[str]:
    return frozenset(w[:_STEM] for w in _words(anchor) if len(w) >= 3)


def _is_place(anchor: anchors.Anchor) -> bool:
    """Whether the name is a place's, whole ("Buenos Aires"; not "Darwin Nunez", whose first word is
    also Australia's Darwin)."""
    return any(k.startswith(PLACE_PREFIX) for k in anchor.keys) and any(
        start == 0 and end == len(anchor.text) for start, end, _ in places(anchor.text))


def _alike(one: anchors.Anchor, other: anchors.Anchor) -> bool:
    """Whether two name anchors can be one name: a key or a word's start (`_STEM`) in common."""
    return bool(one.keys & other.keys) or bool(_stems(one) & _stems(other))


def _written(name: anchors.Anchor, keys_of: frozenset[str], stems_of: frozenset[str]) -> bool:
    return bool(name.keys & keys_of) or bool(_stems(name) & stems_of)


_UNSPACED_SCRIPT = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


def _names(found: Sequence[anchors.Anchor]) -> list[anchors.Anchor]:
    """The names among `found` written in letters with spaces between words (Latin, Cyrillic,
    Greek, Arabic...): the rules here read words, which Chinese, Japanese and Korean do not space
    (trial 79: a Chinese list of countries in another order, "…德国和韩国", was read as exchanged)."""
    return [a for a in found if a.kind == "name" and not anchors.is_han_window(a) and _stems(a)
            and _UNSPACED_SCRIPT.search(a.text) is None]


def _in_one_sentence(text: str, lo: int, hi: int) -> bool:
    return SENTENCE_END.search(text, lo, hi) is None


_LINKING = regex.compile(r"(?:and|y|e|et|und|и|or|o|ou|или|with|con|avec|com|mit|с|со|vs|versus|against|contra|"
                         r"contre|против|plus|the|el|la|los|las|le|les|der|die|das|a|an|of|de|del|do|da|du|des)",
                         regex.IGNORECASE)


# Role words are compared by their first ROLE_STEM letters ("grow" and "growth"); the post's are the
# article's where ROLE_SHARE of them or more stand between the two names there too ("Tanzania is
# projected to grow 5.0% … and China" against "China is projected to have a growth of 5.0% … and
# Tanzania"; "проиграла" is not "победила"). Set by hand on trials 78 and 79's cases.
ROLE_STEM = 4
ROLE_SHARE = 0.6


def _role_words(text: str, one: anchors.Anchor, other: anchors.Anchor,
                names: Sequence[anchors.Anchor]) -> list[str] | None:
    """The words that stand between `one` and `other` in `text` and tell roles apart ("beat",
    "derrotó", "help the team beat"): in lower case, names (`names`), capitalised words,
    conjunctions and articles (`_LINKING`) left out; None where the two are not in one sentence.
    Empty for a list or a pair ("Japan, ROK and China", "Xi and Biden", "China-US")."""
    lo, hi = (one.end, other.start) if one.start < other.start else (other.end, one.start)
    if hi < lo or not _in_one_sentence(text, lo, hi):
        return None
    words = []
    # an amount's words tell no role ("850 millions de dollars": trial 115's "Côte d'Ivoire : 850
    # millions de dollars de la Chine" was "Chine ≠ Côte d'Ivoire" against "La Chine octroie 850
    # millions de dollars à la Côte d'Ivoire", the amount alone between the names in both)
    amounts = [(q.start, q.end) for q in quantities(text) if q.end > lo and q.start < hi]
    for m in regex.finditer(r"\p{L}+", text[lo:hi]):
        start = lo + m.start()
        if m.group()[0].isupper() or any(n.start <= start < n.end for n in names) or _LINKING.fullmatch(m.group()) \
                or any(q_lo <= start < q_hi for q_lo, q_hi in amounts):
            continue
        words.append(anchors._fold(m.group())[:ROLE_STEM])
    return words


def _exchanged(post: str, a: anchors.Anchor, b: anchors.Anchor, post_names: Sequence[anchors.Anchor],
               article_text: str, x: anchors.Anchor, a_there: Sequence[anchors.Anchor],
               article_names: Sequence[anchors.Anchor]) -> bool:
    """Whether the post's names `a` and `b` stand on either side of the same words that stand
    between the article's `x` (`b`'s name) and its name for `a` (one of `a_there`): the words that
    tell roles apart (`_role_words`) are there in the post, and ROLE_SHARE of them stand between the
    two in the article too. "Argentina beat Uruguay" against "Uruguay beat the defending champion
    Argentina" is exchanged; "Japan, ROK and China" against "China, Japan and ROK" (a list) is not,
    nor "Аманда Лемос проиграла Чжан Вейли" against "Чжан Вейли победила Аманду Лемос" (the verb
    turned too, trial 79)."""
    mine = _role_words(post, a, b, post_names)
    if not mine:
        return False
    for other in a_there:
        theirs = _role_words(article_text, x, other, article_names)
        if theirs is not None and sum(1 for w in mine if w in theirs) >= ROLE_SHARE * len(mine):
            return True
    return False


_PARTICLE = regex.compile(rf"{anchors.NAME_PARTICLE}")


def _name_words(text: str) -> list[str]:
    """The words of a name, an Arabic article written before a family name ("al" of "Mohamed
    al-Menfi", `anchors.NAME_PARTICLE`) left out: it tells no person from another."""
    return [w for w in regex.findall(r"\p{L}+", text) if not _PARTICLE.fullmatch(w)]


def _tails(one: anchors.Anchor, other: anchors.Anchor) -> tuple[list[str], list[str]]:
    """The words of two names without the words both hold (by `_STEM`): a title they share
    ("Maltese Foreign Minister Ian Borg" and "… Evarist Bartolo", "Vocero Mao Ning", "Председатель
    КНР Си Цзиньпин" and "Премьер Госсовета КНР Ли Цян") or a phrase after ("Mao Ning's Regular
    Press Conference")."""
    a, b = _name_words(one.text), _name_words(other.text)
    shared = {_key(w) for w in a} & {_key(w) for w in b}
    return [w for w in a if _key(w) not in shared], [w for w in b if _key(w) not in shared]


# How far after a name its figure may stand ("Weah leads with 50.89%", "WEAH AT 49.11%", "China is
# projected to have a growth of 5.2%": trial 79), in characters; both figures must be exchanged.
FIGURE_NEAR = 40


def _figure_after(text: str, name: anchors.Anchor, found: Sequence[Figure], names: Sequence[anchors.Anchor]) -> Figure | None:
    """The count written first after `name` in `text`, within FIGURE_NEAR characters in its sentence,
    with no other name between them; None if there is none."""
    for f in found:
        if f.start < name.end:
            continue
        if f.start - name.end > FIGURE_NEAR or not _in_one_sentence(text, name.end, f.start):
            return None
        if any(name.end <= n.start < f.start for n in names):
            return None
        return f if f.kind == NUMBER else None
    return None


@functools.lru_cache(maxsize=256)
def _article_names(article_text: str) -> tuple[anchors.Anchor, ...]:
    """`_names` of an article's anchors, once per article: a post is compared with a few dozen, and
    extracting an article's anchors costs more than the rest of a pair's evidence."""
    return tuple(_names(anchors.extract(article_text[:anchors.MAX_ARTICLE_ANCHOR_CHARS])))


def figures_exchanged(post: str, post_anchors: Sequence[anchors.Anchor], article_text: str) -> str | None:
    """"Weah 50.89 ≠ 49.11" where two names the post shares with the article each have a count right
    after them (`_figure_after`) in both texts, and each name's count in the post is the other's
    in the article: the same figures given to each other's side. Trial 78: "President Weah leads
    with 50.89% against opposition leader Boakai's 49.11%" was a near_verbatim copy at 1.00 of
    "PRESIDENT WEAH AT 49.11% AND OPPOSITION LEADER BOAKAI AT 50.89%". `post_anchors` index `post`.
    The article's names are read only where two of the post's figures after its names are
    figures the article writes too. None otherwise."""
    names = _names(post_anchors)
    if len(names) < 2:
        return None
    mine = ordinals.figures(post)
    if len(mine) < 2:
        return None
    theirs = ordinals.figures(article_text)
    written = frozenset(v for f in theirs for v in f.values)
    after = [(name, f) for name in names if (f := _figure_after(post, name, mine, names)) is not None]
    if sum(1 for _, f in after if f.values & written) < 2:
        return None  # an exchange needs two of the post's figures in the article
    article_names = _article_names(article_text)
    pairs = []  # (the post's name, its figure in the post, its figure in the article)
    for name, in_post in after:
        for other in article_names:
            if _alike(name, other):
                in_article = _figure_after(article_text, other, theirs, article_names)
                if in_article is not None:
                    pairs.append((name, in_post, in_article))
                    break
    for (a, a_post, a_art), (b, b_post, b_art) in ((x, y) for i, x in enumerate(pairs) for y in pairs[i + 1:]):
        if _alike(a, b) or a_post.values & a_art.values:
            continue
        if a_post.values & b_art.values and b_post.values & a_art.values and not b_post.values & b_art.values:
            return f"{a.text} {post[a_post.start:a_post.end]} ≠ {article_text[a_art.start:a_art.end]}"
    return None


def name_conflict(prep: Prepared, article_text: str, spans: Sequence[Span],
                  table: anchorcompare.KeyTable) -> str | None:
    """"Julian Alvarez ≠ Darwin Nunez", "Uruguay ≠ Argentina" where, right beside an exact stretch the
    post shares with the article (`stretchpoints.points`, not where the post condenses; within
    PLACE_NEAR characters, in the same sentence), the post writes a name in a spaced script
    (`_names`: Latin, Cyrillic…) and the article, at the same point, another name, and either

    - another person: two words or more of each name (`_tails`: the words the two names do not
      share, a title they both carry aside) that the other text never writes ("Evarist Bartolo ≠
      Ian Borg" after "Maltese Foreign Minister"; another scorer, another spokesperson), or one
      word of each where both follow an honorific (`_another_person`: "Mr Mazhar Ali khan"
      against "Mr Hamid Khan", another item of a series); or
    - the two sides exchanged: each text writes both names, and the words between them that tell
      roles apart (`_role_words`: not "and", a comma or another name) stand between them in the
      article too (`_exchanged`, ROLE_SHARE): "Argentina beat Uruguay" in the words of "Uruguay
      beat … Argentina"; not a list in another order, nor a verb turned with the names.

    Names alike by a key or a word's first letters (`_STEM`, without accents: "Путина" is "Путин",
    "Andrés" "Andres") are one; a tag
    or a dateline is no name of the sentence (`stretchpoints.tagged`). A copy that turns a
    sentence about two people round ("Biden met Xi" for "Xi met Biden") is missed for it. `table`:
    the article's keys, which say whether it writes a name anywhere. Two names' figures
    exchanged are a conflict too, with or without exact stretches (`figures_exchanged`). None
    otherwise."""
    exchanged = figures_exchanged(prep.core, prep.anchors, article_text)
    if exchanged is not None or not spans:
        return exchanged
    for post_gap, art_gap, _ in points(prep.core, article_text, spans):
        swapped = _swapped_slot(prep, post_gap, article_text, art_gap)
        if swapped is not None:
            return swapped
    post_names = [a for a in _names(prep.anchors) if not tagged(prep.post.text, a.start)
                  and not any(s["post"][0] <= a.start and a.end <= s["post"][1] for s in spans)]
    if not post_names:
        return None
    all_post = _names(prep.anchors)
    post_keys = frozenset(k for a in all_post for k in a.keys)
    post_stems = frozenset(s for a in all_post for s in _stems(a))
    # the post's words, to say whether it writes a person's name anywhere (a tail of two words)
    post_stems_alone = _word_keys(prep.core)
    for post_gap, art_gap, _ in points(prep.core, article_text, spans):
        mine = [a for a in post_names if at_point(prep.core, a.start, a.end, *post_gap)]
        if not mine:
            continue
        lo, hi = word_bounds(article_text, max(0, art_gap[0] - PLACE_STRADDLE),
                              min(len(article_text), art_gap[1] + PLACE_STRADDLE))
        here = article_text[lo:hi]
        there = [x for x in _names(anchors.extract(here)) if x.end > art_gap[0] - lo and x.start < art_gap[1] - lo]
        for a in mine:
            sides = "".join(side for side in post_gap[2]
                            if at_point(prep.core, a.start, a.end, post_gap[0], post_gap[1], side))
            theirs = [x for x in there if at_point(article_text, lo + x.start, lo + x.end, art_gap[0], art_gap[1], sides)]
            if not theirs:
                continue
            for x in theirs:
                if not _is_place(a) and not _is_place(x):
                    # another person: two words or more of each name the other text never writes
                    # ("Evarist Bartolo" against "Ian Borg" after the same "Maltese Foreign Minister";
                    # trial 79's capitalised titles, which join the name, hid 9 such swaps)
                    mine_tail, their_tail = _tails(a, x)
                    article_words = _word_keys(article_text[:anchors.MAX_ARTICLE_ANCHOR_CHARS])
                    mine_new = [w for w in mine_tail if _key(w) not in article_words]
                    their_new = [w for w in their_tail if _key(w) not in post_stems_alone]
                    if len(mine_new) >= 2 and len(their_new) >= 2:
                        return f"{' '.join(mine_new)} ≠ {' '.join(their_new)}"
                    if _another_person(a, x, mine_new, their_new, prep.core, article_text, lo):
                        return f"{a.text} ≠ {x.text}"
                if _alike(a, x):
                    continue  # one name
                in_article = any(table.find("name", k, windows=False) is not None for k in a.keys)
                in_post = _written(x, post_keys, post_stems)
                if in_article and in_post:
                    counterpart = [b for b in all_post if b is not a and _alike(b, x)]
                    sentence = sentence_at(article_text, lo + x.start)
                    article_names = [replace(n, start=n.start + sentence[0], end=n.end + sentence[0])
                                     for n in _names(anchors.extract(article_text[sentence[0]:sentence[1]]))]
                    x_at = next((n for n in article_names if n.start == lo + x.start), None)
                    a_there = [n for n in article_names if _alike(n, a) and n is not x_at]
                    if x_at is not None and any(_exchanged(prep.core, a, b, all_post, article_text, x_at, a_there,
                                                           article_names) for b in counterpart):
                        return f"{a.text} ≠ {x.text}"
    return None


# Honorifics a person's name starts with, folded ("Mr", "Mr.", "Mme", "Sra."): a name led by one
# is a person's, whatever its other words.
_HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sr", "sra", "srta", "mme", "mlle", "herr", "frau"})


def _personal(words: Sequence[str], other_text: str) -> list[str]:
    """The words of a name's tail that can be a person's own (`_tails`): not a title, an article
    or another word `anchors` never starts a name with ("Mr", "President", "Foreign"), not an
    acronym ("FM"), not a place or a country's adjective ("Chinese"), and no word cut short of
    one `other_text` writes ("Spac…" of "Space": a post truncated at its end)."""
    theirs = {anchors._fold(w) for w in regex.findall(r"\p{L}{2,}", other_text)}
    out = []
    for w in words:
        key = anchors._fold(w)
        if len(w) >= 2 and not w.isupper() and key not in anchors._NOT_NAMES and not places(w) \
                and not demonyms(w) and not any(t.startswith(key) for t in theirs):
            out.append(w)
    return out


def _honorific(text: str, name: anchors.Anchor, offset: int = 0) -> bool:
    """Whether the name (at `offset` + its span in `text`) is led by an honorific, its own first
    word or the word before it ("Mr Hamid Khan", "Mr. WANG Xuekun")."""
    first = regex.match(r"\p{L}+", name.text)
    if first is not None and anchors._fold(first.group()) in _HONORIFICS:
        return True
    before = regex.search(r"(\p{L}+)\.?\s+$", text[max(0, offset + name.start - 12):offset + name.start])
    return before is not None and anchors._fold(before.group(1)) in _HONORIFICS


def _another_person(one: anchors.Anchor, other: anchors.Anchor, mine_new: Sequence[str],
                    their_new: Sequence[str], post: str, article: str, other_at: int) -> bool:
    """Two people each led by an honorific ("Mr", "Mme", "Sra."), each with a word of its own the
    other text never writes (`mine_new`, `their_new`: `_tails` not written in the other text)
    that can be a person's own (`_personal`); `other` lies at `other_at` + its span in
    `article`, whose words are read as far as `name_conflict` reads them
    (anchors.MAX_ARTICLE_ANCHOR_CHARS). A series' posts in one template, each naming another person: trial 87's stream
    paired "(Mr Mazhar Ali khan from Thar coal…" with "(Mr Hamid Khan from Tarbela…" as a
    near-verbatim copy, "Khan" shared and "Hamid" one word, under the two words each side
    `name_conflict` asks without an honorific. A copy that shortens a
    name ("Mr Hamid Khan" for "Mr Abdul Hamid Khan") has no word of its own."""
    if not (_honorific(post, one) and _honorific(article, other, other_at)):
        return False
    return bool(_personal(mine_new, article[:anchors.MAX_ARTICLE_ANCHOR_CHARS])) and bool(_personal(their_new, post))


# The most words a name in such a slot may have.
SWAP_MAX_WORDS = 3
# A slot's text: a name of one to SWAP_MAX_WORDS capitalised words, after an optional "#" or Arabic
# article ("#Suifenhe", "Al-Quds", "Al-Janoub"), with closing punctuation after it.
_SLOT_NAME = regex.compile(
    rf"\s*(?:(?i:{anchors.NAME_PARTICLE})-)?(\p{{Lu}}[\p{{L}}\p{{M}}'’]*(?:[ -]\p{{Lu}}[\p{{L}}\p{{M}}'’]*){{0,{SWAP_MAX_WORDS - 1}}})"
    r"[\s.,;:'’\"»”)]*")
# Languages that capitalise every noun: a capitalised word in a slot is no name there.
_NOUNS_CAPITALISED = frozenset({"de", "lb"})


def _unshared(one: str, other: str) -> tuple[str, str, bool, bool]:
    """Two gaps' texts without the words they begin or end with alike ("#" and spacing aside),
    and whether any were left out before and after: "Ucrania, Putin." and "#Ucrania, Volodímir
    Zelenski." are "Putin." and "Volodímir Zelenski."; "Beijing's Ditan" and "Beijing's
    #Xiaotangshan" (a text's start, where no stretch was long enough) "Ditan" and
    "Xiaotangshan"."""
    a = regex.findall(r"\S+", one.replace("#", " "))
    b = regex.findall(r"\S+", other.replace("#", " "))
    before = after = False
    while a and b and a[0] == b[0]:
        a, b, before = a[1:], b[1:], True
    while a and b and a[-1] == b[-1]:
        a, b, after = a[:-1], b[:-1], True
    return " ".join(a), " ".join(b), before, after


def _swapped_slot(prep: Prepared, post_gap: Gap, article: str, art_gap: Gap) -> str | None:
    """"Al-Quds ≠ Al-Shifa" where all that differs between two exact stretches the post shares
    with the article (a gap with stretches on both sides, "lr") is a name for another: each gap
    holds one name of up to SWAP_MAX_WORDS capitalised words and nothing else (`_SLOT_NAME`: a
    "#" or an Arabic article before it, punctuation after), words that can be a person's or a
    place's own (`_personal`: no title, acronym, known place or country adjective, which other
    rules read), none of which the other text writes anywhere, the two not one name spelled two
    ways (`placeswap.spelled_alike`: "Mohammed" and "Muhammad", "Hsiaotangshan" and
    "Xiaotangshan"; nor by an anchor key: "Pékin" and "Beijing"). Trials 104-105: "…l'hôpital Al-Quds à Gaza en caserne militaire",
    "…effondrée à Ashkelon et aucun blessé…", "…to build the Khalifa Stadium, in the
    #WorldCupQatar2022…", "…border city of #Suifenhe in north China's…", "…el presidente de
    #Ucrania, Volodímir Putin. Xi Jinping indicó…" were near-verbatim copies at 0.89 of the
    tweets on Al-Shifa, Sderot, the Lusail Stadium, Manzhouli and Zelenski: one word of each,
    under the two a person's swap needs beside one stretch (`name_conflict`), and a hashtag's
    name is no name of the sentence there (`tagged`). Not read in a language that capitalises
    its nouns (_NOUNS_CAPITALISED: German). None otherwise."""
    post = prep.core
    if (prep.lang or "").split("-")[0].lower() in _NOUNS_CAPITALISED:
        return None
    mine_text, their_text, before, after = _unshared(post[post_gap[0]:post_gap[1]], article[art_gap[0]:art_gap[1]])
    # enclosed: a stretch on each side; at the texts' own start or end, a word of theirs alike
    # there ("Beijing's Ditan Hospital…" for "Beijing's #Xiaotangshan Hospital…"), not a title
    # that leads a name ("Comrade Li Keqiang passed away…" for "State Council Li Keqiang…")
    if not ("l" in post_gap[2] and "l" in art_gap[2] or post_gap[0] == 0 and art_gap[0] == 0 and before) \
            or not ("r" in post_gap[2] and "r" in art_gap[2]
                    or not post[post_gap[1]:].strip() and not article[art_gap[1]:].strip() and after):
        return None
    mine, theirs = _SLOT_NAME.fullmatch(mine_text), _SLOT_NAME.fullmatch(their_text)
    if mine is None or theirs is None:
        return None
    mine_words = regex.findall(r"[\p{L}\p{M}'’]+", mine.group(1))
    their_words = regex.findall(r"[\p{L}\p{M}'’]+", theirs.group(1))
    post_words, article_words = _word_keys(post), _word_keys(article[:anchors.MAX_ARTICLE_ANCHOR_CHARS])
    if any(_key(w) in article_words for w in mine_words) or any(_key(w) in post_words for w in their_words):
        return None
    if len(_personal(mine_words, article)) < len(mine_words) or len(_personal(their_words, post)) < len(their_words):
        return None
    if spelled_alike(mine.group(1), theirs.group(1)):
        return None
    if any(a.keys & b.keys for a in anchors.extract(mine.group(1)) for b in anchors.extract(theirs.group(1))):
        return None  # one name or place written two ways ("Pékin", "Beijing"; "Cantón", "Guangzhou")
    return f"{mine.group(1)} ≠ {theirs.group(1)}"
