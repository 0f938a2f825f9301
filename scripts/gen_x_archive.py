"""Generate a synthetic X/Twitter archive (data/tweets.js + data/account.js) for benchmarks.

The files follow the real archive's layout (`window.YTD.tweets.part0 = [ {"tweet" : {...}} ]`,
pretty-printed with " : " like X writes them, ids and counts as strings, t.co links with their
entities). A share of the posts copies sentences of the bundled sample articles (verbatim, cut
down, with a credit, an evasive credit or none, or as a retweet); the rest is filler that matches
nothing. Deterministic for a given seed.

    python scripts/gen_x_archive.py --posts 100000 --out /tmp/x_archive
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "corpora" / "sample" / "articles.jsonl"
FILLER = ["hoy", "fui", "al", "mercado", "con", "mi", "hermana", "y", "compramos", "tomates", "frescos", "para", "la", "cena", "del", "domingo", "el", "partido", "de", "anoche", "fue", "increible", "nadie", "esperaba", "ese", "gol", "en", "el", "ultimo", "minuto", "del", "juego", "estoy", "leyendo", "un", "libro", "nuevo", "sobre", "la", "historia", "de", "los", "barcos", "y", "los", "puertos", "del", "caribe", "mi", "perro", "no", "quiere", "salir", "cuando", "llueve", "y", "se", "queda", "mirando", "la", "ventana", "toda", "la", "tarde", "alguien", "sabe", "donde", "venden", "cafe", "de", "especialidad", "cerca", "del", "centro", "de", "la", "ciudad"]
CREDITS = ["", "", " vía @XHspanish", " Twitter •mundo_china", " (Xinhua)", " fuente: X H N E W S"]


def sentences(limit: int = 2000) -> list[str]:
    found: list[str] = []
    with open(ARTICLES, encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"]
            for sentence in re.split(r"(?<=[.!?])\s+|\n", text):
                if 60 <= len(sentence) <= 260:
                    found.append(sentence.strip())
    return found[:limit]


def post_text(rng: random.Random, pool: list[str], copy_share: float) -> tuple[str, bool]:
    if rng.random() < copy_share:
        sentence = rng.choice(pool)
        if rng.random() < 0.3:  # cut down
            sentence = sentence[: rng.randint(60, max(61, len(sentence)))].rstrip() + "…"
        if rng.random() < 0.15:
            return f"RT @XHNews: {sentence}"[:280], True
        return (sentence + rng.choice(CREDITS))[:280], True
    words = rng.randint(8, 40)
    return " ".join(rng.choice(FILLER) for _ in range(words)).capitalize() + ".", False


def tweet(i: int, text: str, when: datetime, rng: random.Random) -> dict:
    ident = str(1_700_000_000_000_000_000 + i)
    urls = []
    if rng.random() < 0.2:
        short = f"https://t.co/{rng.getrandbits(40):010x}"
        urls.append({
            "url": short,
            "expanded_url": f"https://spanish.news.cn/{when:%Y%m%d}/{i:x}/c.html",
            "display_url": f"spanish.news.cn/{when:%Y%m%d}/…",
            "indices": [str(len(text) + 1), str(len(text) + 24)],
        })
        text = f"{text} {short}"
    mentions = []
    if text.startswith("RT @XHNews"):
        mentions.append({"name": "Xinhua", "screen_name": "XHNews", "indices": ["3", "10"],
                         "id_str": "487118986", "id": "487118986"})
    return {"tweet": {
        "edit_info": {"initial": {"editTweetIds": [ident], "editableUntil": when.isoformat(),
                                  "editsRemaining": "5", "isEditEligible": True}},
        "retweeted": False,
        "source": "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
        "entities": {"hashtags": [], "symbols": [], "user_mentions": mentions, "urls": urls},
        "display_text_range": ["0", str(len(text))],
        "favorite_count": str(rng.randint(0, 50)),
        "id_str": ident,
        "truncated": False,
        "retweet_count": str(rng.randint(0, 10)),
        "id": ident,
        "created_at": when.strftime("%a %b %d %H:%M:%S +0000 %Y"),
        "favorited": False,
        "full_text": text.replace("&", "&amp;"),
        "lang": "es",
    }}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/x_archive"))
    parser.add_argument("--copy-share", type=float, default=0.2, help="share of posts that copy an article")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pool = sentences()
    data = args.out / "data"
    data.mkdir(parents=True, exist_ok=True)
    (data / "account.js").write_text(
        "window.YTD.account.part0 = " + json.dumps([{"account": {
            "email": "bench@example.org", "createdVia": "web", "username": "bench_account",
            "accountId": "1500000000000000001", "createdAt": "2022-03-01T10:00:00.000Z",
            "accountDisplayName": "Bench"}}], indent=2, separators=(",", " : ")) + "\n",
        "utf-8",
    )
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    copies = 0
    with open(data / "tweets.js", "w", encoding="utf-8") as fh:
        fh.write("window.YTD.tweets.part0 = [ ")
        for i in range(args.posts):
            text, copied = post_text(rng, pool, args.copy_share)
            copies += copied
            item = tweet(i, text, start + timedelta(minutes=7 * i), rng)
            fh.write(("," if i else "") + json.dumps(item, indent=2, ensure_ascii=False, separators=(",", " : ")))
        fh.write(" ]")
    size = (data / "tweets.js").stat().st_size
    print(f"{data / 'tweets.js'}: {args.posts:,} posts ({copies:,} copies), {size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
