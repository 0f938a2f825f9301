"""Countries' adjectives are their places (lexicon.demonyms, data/demonyms.json made by
scripts/make_demonyms.py from CLDR's currency names): "Swiss authorities", "autoridades
mexicanas", "le président français" name Switzerland, Mexico and France."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sourcetrace.anchorcompare import article_keys, compare
from sourcetrace.anchors import extract
from sourcetrace.lexicon import PLACE_WEIGHT, demonyms, places
from sourcetrace.match import MatchConfig, prepare
from sourcetrace.records import Post
from sourcetrace.sharedfacts import missing_places

REPO = Path(__file__).resolve().parents[1]
TABLE = json.loads((REPO / "src" / "sourcetrace" / "data" / "demonyms.json").read_text("utf-8"))

# The countries most in world news (the state media's and the wires'), each of which the table
# holds an adjective of in every language; New Zealand has none in English ("New Zealander" is
# a noun), India none in Spanish ("indio" is left out: scripts/make_demonyms.py, LEFT_OUT).
IN_THE_NEWS = ("US", "CN", "RU", "UA", "GB", "FR", "DE", "JP", "KR", "KP", "IN", "PK", "IR", "IQ", "IL", "PS",
               "SY", "SA", "AE", "TR", "EG", "AF", "BR", "MX", "AR", "CA", "AU", "IT", "ES", "PL", "CH", "NL",
               "BE", "SE", "NO", "FI", "DK", "AT", "GR", "PT", "HU", "RS", "BY", "KZ", "VN", "TH", "PH", "ID",
               "MY", "SG", "MM", "BD", "LK", "NP", "NG", "ZA", "KE", "ET", "SD", "LY", "DZ", "MA", "TN", "LB",
               "JO", "YE", "QA", "VE", "CO", "CL", "PE", "CU", "TW", "NZ", "IE", "CZ", "RO")
NOT_IN = {("en", "NZ"), ("es", "IN"), ("nl", "FI")}  # Dutch "Finse" is Italian "finse" (pretended)


def keys(text: str) -> list[str]:
    return [key for *_, key in places(text)]


@pytest.mark.parametrize("lang", ["en", "es", "pt", "fr", "ru", "de", "it", "nl"])
def test_the_table_names_the_countries_in_the_news_in_each_language(lang: str) -> None:
    held = {key[1:] for key in TABLE["demonyms"][lang].values()}
    assert [c for c in IN_THE_NEWS if c not in held and (lang, c) not in NOT_IN] == []
    assert TABLE["source"].startswith("Unicode CLDR")


@pytest.mark.parametrize(("lang", "forms", "key"), [
    ("en", ["swiss"], "@CH"), ("en", ["american", "americans"], "@US"), ("en", ["south korean"], "@KR"),
    ("es", ["suizo", "suiza", "suizos", "suizas"], "@CH"), ("es", ["mexicano", "mexicanas", "mexicanos"], "@MX"),
    ("es", ["estadounidense", "estadounidenses", "americanos"], "@US"), ("es", ["alemán", "alemanes"], "@DE"),
    ("pt", ["brasileiro", "brasileira", "brasileiros", "brasileiras"], "@BR"), ("pt", ["alemão", "alemã", "alemães"], "@DE"),
    ("pt", ["francês", "francesa", "franceses"], "@FR"), ("pt", ["norte-americano", "norte-americanas"], "@US"),
    ("fr", ["français", "française", "françaises"], "@FR"), ("fr", ["chinois", "chinoises"], "@CN"),
    ("fr", ["turc", "turque", "turques"], "@TR"), ("fr", ["grec", "grecque"], "@GR"),
    ("ru", ["российский", "российская", "российских", "российскому"], "@RU"),
    ("ru", ["швейцарский", "швейцарской", "швейцарские"], "@CH"), ("ru", ["американские"], "@US"),
    ("de", ["chinesische", "chinesischen", "chinesischer", "chinesisches", "chinesischem"], "@CN"),
    ("de", ["schweizer"], "@CH"), ("de", ["deutsche", "deutschen"], "@DE"), ("de", ["libysche"], "@LY"),
    ("de", ["us-amerikanische", "amerikanischen"], "@US"), ("de", ["indischen"], "@IN"),
    ("it", ["cinese", "cinesi"], "@CN"), ("it", ["svizzero", "svizzera", "svizzeri", "svizzere"], "@CH"),
    ("it", ["tedesco", "tedesca", "tedeschi", "tedesche"], "@DE"), ("it", ["britannico", "britannici"], "@GB"),
    ("it", ["greco", "greci", "greche"], "@GR"), ("it", ["austriaci"], "@AT"), ("it", ["statunitensi"], "@US"),
    ("nl", ["chinese"], "@CN"), ("nl", ["indiase"], "@IN"), ("nl", ["israëlische"], "@IL"),
    ("nl", ["noord-koreaanse"], "@KP"), ("nl", ["zwitserse"], "@CH"),
])
def test_every_gender_and_number_is_held(lang: str, forms: list[str], key: str) -> None:
    table = TABLE["demonyms"][lang]
    assert {form: table.get(form) for form in forms} == dict.fromkeys(forms, key)


def test_an_adjective_carries_its_country_s_key() -> None:
    assert keys("Swiss bank") == ["@CH"]
    assert keys("banco suizo") == ["@CH"]
    assert keys("le président français") == ["@FR"]
    assert keys("Mexican authorities") == ["@MX"]
    assert keys("autoridades mexicanas") == ["@MX"]
    assert keys("governo brasileiro") == ["@BR"]
    assert keys("les autorités chinoises") == ["@CN"]
    assert keys("Российские власти") == ["@RU"]
    assert keys("швейцарский банк") == ["@CH"]
    assert keys("South Korean President Yoon") == ["@KR"]
    assert keys("Autoridades Mexicanas anunciaron") == ["@MX"]  # a title in capitals
    assert keys("las autoridades estadounidenses y los americanos") == ["@US", "@US"]
    # German, Italian and Dutch (a new user's desk: "die indische Regierung" against an article on
    # China's government named no other country)
    assert keys("Die indische Regierung hat am Montag") == ["@IN"]
    assert keys("Laut der chinesischen Botschaft") == ["@CN"]
    assert keys("Schweizer Banken") == ["@CH"]
    assert keys("il governo cinese e le autorità indiane") == ["@CN", "@IN"]
    assert keys("De Chinese regering en de Russische president") == ["@CN", "@RU"]


def test_what_is_no_country_s_adjective() -> None:
    # a language's name, an ocean, the Americas, an English name or state, a word beside a hyphen
    for text in ("subtitled in Spanish", "un vídeo en español", "traduit en français", "em português",
                 "на китайском языке", "the Chinese language", "the Indian Ocean", "l'océan Indien",
                 "Индийский океан", "Latin American leaders", "South American markets", "Indiana governor",
                 "Frances Haugen", "la integración sul-americana", "swiss cheese", "ins Chinesische übersetzt",
                 "die chinesische Sprache", "im Indischen Ozean", "tradotto in cinese", "la lingua cinese",
                 "la langue française", "la lengua china", "het Indische Oceaan", "in het Chinees", "auf Chinesisch",
                 "Bruno Giordano ha detto", "El Greco", "Encyclopaedia Britannica", "finse di niente"):
        assert demonyms(text) == [], text
    # ... nor a word left out of the table (Spanish "indio", French "malaise", "mongol")
    assert demonyms("los pueblos indios y un malaise mongol") == []
    # written with the accents a Spanish word has, "Francés" is the adjective
    assert keys("Francés y alemán") == ["@FR", "@DE"]


def test_an_adjective_weighs_what_the_country_s_name_weighs() -> None:
    """Shared by its place key, an adjective weighs PLACE_WEIGHT, as "Suiza" = 瑞士 does: two posts
    on Switzerland look no more alike through "suizo" than through "Suiza"."""
    article = "瑞士银行周三宣布裁员。"
    for post in ("Los bancos suizos anunciaron despidos.", "Swiss banks announced layoffs.",
                 "Los bancos de Suiza anunciaron despidos."):
        shared, _ = compare(extract(post), article_keys(article))
        place = [s for s in shared if s.key == "@CH"]
        assert len(place) == 1 and place[0].weight == PLACE_WEIGHT, post
    # a post naming the country by its name and its adjective shares the place once
    shared, _ = compare(extract("Suiza y los bancos suizos"), article_keys(article))
    assert [s.key for s in shared] == ["@CH"]


def test_a_place_the_article_names_by_its_adjective_is_not_missing() -> None:
    """The user's report: a post on Switzerland against an article that says "Swiss" (or a
    Spanish one saying "suizos") listed Switzerland as a place not in the article."""
    def missing(post: str, article: str) -> list[str]:
        return missing_places(prepare(Post(post), MatchConfig()), article, article_keys(article))

    assert missing("Switzerland froze the accounts on Monday.", "Swiss authorities froze the accounts on Monday.") == []
    assert missing("Las autoridades suizas congelaron las cuentas.", "瑞士当局周一冻结了这些账户。") == []
    assert missing("Le gouvernement français a annoncé", "法国政府宣布") == []
    assert missing("Swiss authorities froze the accounts.", "Las autoridades de Suiza congelaron las cuentas.") == []
    # ... and an adjective of another country is a place the article lacks
    assert missing("Las autoridades mexicanas congelaron las cuentas.", "瑞士当局周一冻结了这些账户。") == ["mexicanas"]


def test_the_shipped_table_is_what_its_sources_give() -> None:
    """scripts/make_demonyms.py --check: the packaged table matches Babel's CLDR and pymorphy3 (with
    the Babel version that wrote it; another may carry another CLDR release)."""
    babel = pytest.importorskip("babel")
    pytest.importorskip("pymorphy3")
    if TABLE["cldr"] != babel.__version__:
        pytest.skip(f"table written with Babel {TABLE['cldr']}, this is {babel.__version__}")
    done = subprocess.run([sys.executable, str(REPO / "scripts" / "make_demonyms.py"), "--check"],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
