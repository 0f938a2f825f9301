"""Does a post credit the outlet it copies? `attributed`, `evasive` or `unattributed`, with evidence.

A credit is *attributed* when any reader or tool would see it: an @handle, a link to the
outlet's site, shortener or account, its name in any language where a credit stands ("según
Xinhua", "(CNS)", "来源：中新网"), a forward or repost of its account. It is *evasive* when it is
there for a human but hidden from tools that follow @-mentions, links and keywords: a handle
without "@" ("Twitter •mundo_china"), a name broken by spaces, dots or invisible characters,
spelled with look-alike letters, misspelled, half in pinyin or abbreviated ("Xinhau", "新hua社",
"XH社"), or an address that does not link ("xinhuanet[.]com"). Crediting the outlet's family
(CGTN for a CCTV story) or the agency its byline names (Xinhua for a CNS page running a Xinhua
dispatch) counts; crediting a sibling state outlet is evasive, with `sibling` set; crediting
another outlet does not count, and the verdict says which one was credited. A credit naming no
outlet, only a generic source ("(via Chinese state media)", "Fonte: mídia chinesa", "（来源：推特）"),
is evasive with no outlet credited. docs/ATTRIBUTION.md describes every rule.

All matching runs on the normalised skeleton of the post (see `normalize`); every evidence span
is mapped back to the original text. Matchers are compiled once per registry and cached on it.

Modules, in the order they build on each other:

- `text`: the folded skeleton, names without separators, invisible and look-alike characters;
- `origins`: where an outlet is from, said between a cue and its name ("North Korea's KCNA");
- `cues`: the rule names (`RULES`) and the tables: credit cues in each language and script,
  platform labels, link, handle, leetspeak and defanged-address patterns;
- `evidence`: `Evidence` and `Attribution`, the results;
- `keys`: many literal names found at once (an Aho–Corasick automaton), with their boundaries;
- `tables`: one registry's names, handles and hosts compiled for matching;
- `context`: what stands around a match (a cue, a platform label, a sign-off, an acronym);
- `altered`: names altered beyond look-alike letters (misspelled, by ear, two scripts, abbreviated);
- `scan`: one post's scan (`Scan`), the `Hit`s recorded on it, the bounds that keep it linear;
- `rules`: the rules, each a function that records what it finds on a `Scan`;
- `outside`: credits kept outside the visible text (`Post.credits`: forwards, links, reposts);
- `scanner`: runs the rules over a post and decides the verdict (`find_credits`, `analyze`);
- `byline`: the agency an article's byline names (`detect_origin`), stored as `Article.origin`.
"""

from .cues import RULES, Status
from .evidence import Attribution, Evidence
from .scanner import analyze, find_credits

__all__ = ["RULES", "Attribution", "Evidence", "Status", "analyze", "find_credits"]
