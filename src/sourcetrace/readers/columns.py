"""Which field of a record comes from which column: the fields of each record kind, and the
`--text-col`, `--id-col`, ... mapping (a CSV column, or a key or dotted path in JSON objects)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from ..dates import parse_datetime
from ..errors import InputError
from ..lang import normalize_tag

# What --text-col, --id-col, ... may map: in posts (`check`), in articles (`index build|add`).
POST_FIELDS = ("text", "id", "author", "platform", "url", "created_at", "lang")
ARTICLE_FIELDS = ("text", "id", "title", "outlet", "url", "published_at", "lang")
# The columns a CSV file of each kind is read from (a header names them in any order and case).
ARTICLE_COLUMNS = ("id", "outlet", "url", "title", "text", "lang", "published_at")
POST_COLUMNS = ("id", "author", "platform", "url", "text", "created_at", "lang")


def check_columns(columns: Mapping[str, str] | None, fields: tuple[str, ...] = POST_FIELDS) -> dict[str, str]:
    """The mapping of record fields (`fields`: POST_FIELDS or ARTICLE_FIELDS) to columns, stripped.

    Raises InputError for a field that is not one of `fields` or an empty column name.
    """
    mapping: dict[str, str] = {}
    for field, column in (columns or {}).items():
        if field not in fields:
            raise InputError(f"cannot map a column to {field!r} (fields: {', '.join(fields)})")
        if not isinstance(column, str) or not column.strip():
            raise InputError(f"empty column name for {field!r}")
        mapping[field] = column.strip()
    return mapping


# The option that maps each field (`check`, `index build|add`).
OPTIONS = {"text": "--text-col", "id": "--id-col", "author": "--author-col", "created_at": "--time-col",
           "published_at": "--time-col", "url": "--url-col", "lang": "--lang-col",
           "platform": "--platform-col", "title": "--title-col", "outlet": "--outlet-col"}


def remap(data: dict[str, Any], mapping: Mapping[str, str]) -> dict[str, Any]:
    """The record with each mapped field taken from its key or dotted path (None when absent)."""
    out = dict(data)
    for field, where in mapping.items():
        out[field] = lookup(data, where)
    return out


def unmapped_note(left: Mapping[str, str], own: str, where: str = "in its header") -> str:
    """The line for a file that lacks the columns (keys) of some column options: `left` maps each
    such field to the column named, `own` says what is read instead ("its own 'text' is read"),
    `where` where they were looked for.
    A column option applies to the files that have its column: a CSV file's `--text-col body`
    lost every record of the JSONL file checked beside it (trial 72)."""
    listed = _joined([f"{column!r} ({OPTIONS.get(field, field)})" for field, column in left.items()], "or")
    return f"no {listed} {where}: {own} (a column option applies to the files that have its column)"


def own_fields(fields: list[str]) -> str:
    """"its own 'text' and 'id' are read": the fields read under their own names."""
    return f"its own {_joined([repr(field) for field in fields], 'and')} {'are' if len(fields) > 1 else 'is'} read"


def _joined(items: list[str], word: str) -> str:
    """"a, b or c" (`word`: "or", "and"); one item alone as it is."""
    return ", ".join(items[:-1]) + f" {word} {items[-1]}" if len(items) > 1 else items[0]


def lookup(data: dict[str, Any], where: str) -> Any:
    """The value of a record at a key or dotted path (`user.screen_name`), None when absent."""
    if where in data:
        return data[where]
    value: Any = data
    for part in where.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def header_index(
    row: list[str], columns: tuple[str, ...], mapping: Mapping[str, str], display: str,
    note: Callable[[str], None] | None = None, text_names: frozenset[str] = frozenset(),
    numeric: frozenset[str] = frozenset(), sample: Sequence[list[str]] = (),
) -> dict[str, int]:
    """Field name -> position in a CSV row, from its header `row` (names matched in any case).

    Where no column is named 'text' (nor mapped to it), the one `text_column` finds among
    `text_names` gives the text, said to `note`; the columns of `numeric` (lower case, from
    `numeric_columns`) are neither read nor advised as the text.

    A mapped column the header lacks, where it names the field itself ('text', 'id', ...), leaves
    that column to be read, said to `note` in one line (`unmapped_note`). The first of two equal column names wins; `note` hears one line for each column read that
    the header names twice or more ("2 columns named 'text' (2 and 3): column 2 is read...").
    A field the header names no column for, neither by its own name nor mapped, is read from the
    one column whose name says it holds it in a research tool's words ("fecha", "usuario",
    "enlace", "id_publicacion": `hinted`), where every cell of `sample` (rows after the header,
    as read) has the field's shape (`fits`: a date, a URL, a language tag), said to `note`;
    several such columns ("Date" and "Time"), or one whose cells do not fit, are only named in a
    hint line. Trials 104 and 106: Portuguese and Spanish exports' dates were hinted, then
    lost by users who did not rerun with --time-col.

    Raises InputError when a mapped column is missing (and its field's own too) or no column
    gives the text.
    """
    header: dict[str, int] = {}
    for position, name in enumerate(row):
        header.setdefault(name.strip().lower(), position)
    index = {name: header[name] for name in columns if name in header}
    left: dict[str, str] = {}
    for field, column in mapping.items():
        if column.lower() not in header and field in header:
            left[field] = column  # the file's own column of that name is read (see unmapped_note)
            continue
        if column.lower() not in header:
            raise InputError(
                f"{display}: no column {column!r} for '{field}' (columns: {', '.join(row)})"
                + _delimiter_hint(row)
            )
        index[field] = header[column.lower()]
    kind = "posts" if "created_at" in columns else "articles"
    chosen = text_column(row, text_names, numeric) if "text" not in index and text_names else None
    if chosen is not None:
        index["text"] = header[chosen.lower()]
        if note is not None:
            note(f"column {chosen!r} is read as the {kind}' text (no column is named 'text'; pass --text-col"
                 " to read another)")
    if "text" not in index:
        if row and row[0].lstrip().startswith(("{", "[")):
            raise InputError(f"{display}: its first line is JSON, not a CSV header: read it as JSONL"
                             " (without --format csv; name it *.jsonl)")
        hint = _delimiter_hint(row)
        raise InputError(f"{display}: no 'text' column (columns: {', '.join(row)})"
                         + (hint if hint else f"; {text_col_advice(row, numeric)}"))
    if note is not None and left:
        note(unmapped_note(left, own_fields([row[index[field]].strip() for field in left])))
    read = set(index.values())  # a column read as another field is not hinted as this one
    for field, option, _ in _UNREAD_HINTS:
        if field == "created_at" and "published_at" in columns:  # an article's date
            field = "published_at"
        if field not in columns or field in index:
            continue
        unread = [name for position, name in enumerate(row[:_MAX_HINT_COLUMNS]) if position not in read]
        hits = hinted(unread, field)
        at = header[hits[0].lower()] if len(hits) == 1 else -1
        if at >= 0 and _own_kind(field, hits[0], kind) and \
                fits(field, [cells[at] for cells in sample if at < len(cells)]):
            index[field] = at
            read.add(at)
            if note is not None:
                note(f"column {hits[0]!r} is read as the {kind}' {field} (no column is named '{field}';"
                     f" pass {option} to read another)")
        elif hits and note is not None:
            note(_hint(kind, "column", field, option, hits))
    if note is not None:
        for position in sorted(set(index.values())):
            name = row[position].strip().lower()
            same = [at + 1 for at, other in enumerate(row) if other.strip().lower() == name]
            if len(same) > 1:
                others = "the others" if len(same) > 2 else f"column {same[1]}"
                note(f"{len(same)} columns named {row[position].strip()!r} ({_and(same)}):"
                     f" column {position + 1} is read, {others} left out")
    return index


# Columns of a header looked at for hints: a bound for headers of thousands of columns.
_MAX_HINT_COLUMNS = 500
# Characters a header read as one column may be split by (csv.Sniffer missed them).
_DELIMITER_GUESSES = "^:|;~#\t,!"


def _delimiter_hint(row: list[str]) -> str:
    """"; the header reads as one column: pass --delimiter '^'" where a one-column header holds
    one of _DELIMITER_GUESSES between names (trial 9's `id^author^text` was told to use
    --text-col); "" otherwise."""
    if len(row) != 1:
        return ""
    counts = {c: row[0].count(c) for c in _DELIMITER_GUESSES
              if all(part.strip() for part in row[0].split(c)) and c in row[0]}
    if not counts:
        return ""
    best = max(counts, key=lambda c: counts[c])
    shown = "\\t" if best == "\t" else best
    return f"; the header reads as one column: pass --delimiter '{shown}' if it separates the columns"


# Words in a column name that say it likely holds the text (in the languages of the trials'
# exports: "Message", "Tweet Text", "Contenu", "Texto", "content", "Nachricht").
_TEXTY = ("text", "message", "body", "content", "contenu", "texto", "mensaje", "tweet", "post",
          "caption", "nachricht", "inhalt", "conteúdo", "conteudo", "testo", "article", "contenido",
          "cuerpo", "corps", "текст", "сообщение", "内容", "正文", "文本", "نص", "mensagem", "messaggio")
# A post table's text column named "text" in another language: read as the text where no column
# is named 'text' and no other name says it may hold the text (`text_column`), as a research
# tool's 'body' or 'message' is. Trial 106's Spanish export (`id_publicacion;usuario;fecha;texto`)
# was refused with "use --text-col texto". Words as a header writes them, lower case, with and
# without accents; "cuerpo" (a body, of an email as of a text) stays advised only.
TEXT_NAMES_ABROAD = frozenset({
    "texto", "contenido", "mensaje", "texte", "contenu", "conteúdo", "conteudo", "mensagem", "testo", "messaggio",
    "inhalt", "nachricht", "tekst", "treść", "tresc", "текст", "сообщение", "文本", "内容", "正文",
    "نص", "متن", "本文", "テキスト", "내용", "텍스트", "metin", "nội dung"})
# ... unless the name says it holds something else: "post_id", "message_id", "post_url",
# "tweet_date" (a trial's `post_id, author, contenido` was advised --text-col post_id).
_NOT_TEXT = re.compile(r"(?:^|[^a-z])(?:id|ids|url|urls|link|date|time|author|user|lang)(?:[^a-z]|$)"
                       r"|_id$|id$|count$|number$")
# A header column that likely holds a field the reader leaves unread, and the option for it: the
# reader takes only "created_at", "author", "url" and "lang" by name (a trial's `date` and
# `username` were dropped without a word). Names are compared as words (`_name_words`: lower
# case, accents dropped, split at spaces, "_", ".", "-", "/" and camelCase), in the languages of
# research-tool exports: trial 104's Portuguese `data_publicacao`, `idioma` and `link` got no
# hint while its `post_id` and `username` did, and a user following the hints lost every date.
# Words that join others ("data de publicação", "publié le", "erstellt am") and are left out.
_JOINERS = frozenset({"at", "on", "of", "de", "da", "do", "del", "du", "des", "d", "le", "la", "l", "il",
                      "am", "der", "em", "en", "and", "et", "e", "y", "und", "и", "на"})
# A date or a moment: enough alone ("data", "fecha", "дата", "日期").
_DATE_WORDS = frozenset({"date", "datetime", "timestamp", "time", "data", "datum", "fecha", "zeit",
                         "horodatage", "дата", "время", "日期", "时间", "時間", "时间戳", "pubdate",
                         "zeitstempel", "日付", "日時", "投稿日時", "投稿日", "作成日時",
                         # single words of German and Chinese for "publication date"
                         "veroffentlichungsdatum", "veroeffentlichungsdatum", "erstellungsdatum",
                         "erstelldatum", "publikationsdatum", "发布时间", "发布日期", "發布時間", "發佈時間",
                         "发表时间", "發表時間", "创建时间", "创建日期", "發文時間", "发帖时间"})
# An hour, only beside a date or a publication word ("data_hora", "date et heure"; "hora" alone
# may be the time of day without its date).
_CLOCK_WORDS = frozenset({"hora", "heure", "ora", "uhrzeit", "stamp", "hour", "utc", "gmt", "local"})
# What is dated: beside a date word ("post_date", "data_publicacao", "дата_публикации"); those
# of _PUBLISHED_ALONE without one too ("published", "posted_at", "publié_le", "Post Created").
_PUBLISHED_ALONE = frozenset({"published", "posted", "created", "publicado", "publicada", "publie",
                              # trial 112: Portuguese "Criado em", "Postado em"; Spanish "creado"
                              "criado", "criada", "postado", "postada", "creado", "creada", "cree", "creee",
                              "publiee", "veroffentlicht", "veroeffentlicht", "erstellt", "pubblicato",
                              "опубликовано", "создано", "发布", "發布", "发表", "發表"})
_PUBLISHED_WORDS = _PUBLISHED_ALONE | frozenset({
    "publish", "publication", "pub", "post", "tweet", "message", "creation", "create", "upload",
    "publicacao", "publicacion", "veroffentlichung", "veroeffentlichung", "erstellung",
    "pubblicazione", "creazione", "criacao", "creacion", "публикации", "публикация", "создания",
    "сообщения", "поста", "创建"})
_URL_WORDS = frozenset({"url", "link", "permalink", "uri", "enlace", "lien", "ссылка", "链接", "鏈接",
                        "网址", "網址", "リンク"})
_LANG_WORDS = frozenset({"lang", "language", "idioma", "langue", "lingua", "sprache", "язык", "语言",
                         "語言", "语种", "語種", "言語"})
_AUTHOR_WORDS = frozenset({"user", "username", "screen", "screenname", "handle", "account", "autor",
                           "auteur", "autore", "usuario", "utilisateur", "utente", "benutzer",
                           "benutzername", "nutzer", "conta", "cuenta", "compte", "konto", "автор",
                           "пользователь", "аккаунт", "用户", "作者", "用户名", "账号", "帳號",
                           # trial 109: "Author Name", a Telegram "Channel" ("канал", "Kanal"),
                           # Meltwater's "Influencer", Japanese "ユーザー名"
                           "author", "channel", "canal", "kanal", "канал", "influencer",
                           "ユーザー名", "ユーザー", "投稿者", "频道", "頻道",
                           # trial 112: a Brazilian tool's "Perfil" (the account), French "profil"
                           "perfil", "profil", "profilo"})
# Words that may stand beside the words above: whose url or language ("post_url", "link da
# publicação", "lang_code"), or an author's name ("screen_name", "nome_usuario").
_OF_POST = frozenset({"post", "tweet", "message", "status", "publication", "publicacao", "publicacion",
                      "pubblicazione", "публикации", "поста", "сообщения", "пост", "投稿"})
_LANG_QUALIFIERS = _OF_POST | frozenset({"code", "iso", "detected", "detectado", "detectada", "detecte",
                                         "detectee", "codigo"})
_NAME_WORDS = frozenset({"name", "nome", "nombre", "nom", "имя"})
# An article's outlet ("medio", "publisher", "Source Name"): "source", "fuente" and "quelle" may
# hold a URL too, so a column is read as the outlet only where its cells are no URLs (`fits`).
_OUTLET_WORDS = frozenset({"outlet", "publisher", "source", "medio", "media", "medios", "fuente", "agencia",
                           "periodico", "diario", "journal", "quelle", "zeitung", "verlag", "testata",
                           "fonte", "veiculo", "издание", "сми", "источник", "媒体", "来源", "媒體", "來源",
                           # trial 112: Portuguese "jornal" (a newspaper), "emissora" (a broadcaster)
                           "jornal", "emissora"})
# An article's title ("titular", "Headline", "заголовок").
_TITLE_WORDS = frozenset({"title", "headline", "titular", "titulo", "titre", "titel", "uberschrift",
                          "ueberschrift", "titolo", "заголовок", "название", "标题", "標題", "タイトル", "見出し"})
_OF_ARTICLE = frozenset({"article", "story", "articulo", "artigo", "artikel", "articolo", "статьи"})


def _name_words(name: str) -> list[str]:
    """A column name or JSON key as words: camelCase split ("createdAt"), lower case, accents
    of Latin letters dropped ("publicação" = "publicacao"; Cyrillic "й" stays), split at anything
    but letters and digits, joiners (`_JOINERS`) left out."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name.strip()).lower()
    plain = "".join(_unaccented(char) for char in spaced)
    return [word for word in re.split(r"[\W_]+", plain) if word and word not in _JOINERS]


def _unaccented(char: str) -> str:
    if char.isascii() or not unicodedata.name(char, "").startswith("LATIN"):
        return char
    return "".join(part for part in unicodedata.normalize("NFKD", char) if not unicodedata.combining(part))


def _is_date(words: list[str]) -> bool:
    known = _DATE_WORDS | _CLOCK_WORDS | _PUBLISHED_WORDS
    if not words or len(words) > 4 or not all(word in known for word in words):
        return False
    return any(word in _DATE_WORDS or word in _PUBLISHED_ALONE for word in words)


def _is_one_of(words: list[str], heads: frozenset[str], beside: frozenset[str]) -> bool:
    """Whether `words` are one of `heads` with words of `beside` only ("post_url", "lang_code")."""
    return sum(word in heads for word in words) == 1 and all(word in heads or word in beside for word in words)


def _is_author(words: list[str]) -> bool:
    if words == ["name"]:  # a table's "name" beside its text is its author's
        return True
    return (bool(words) and len(words) <= 3 and any(word in _AUTHOR_WORDS for word in words)
            and all(word in _AUTHOR_WORDS or word in _NAME_WORDS for word in words))


# "id" in other languages, named after no record (trial 109's "identifiant", "Kennung"): the
# id of a post table's posts, of an article table's articles.
_ANY_ID_NAMES = frozenset({"identifiant", "identificador", "identificativo", "kennung", "kennnummer",
                           "идентификатор", "编号", "編號", "识别码"})
# An id named after its record, words joined by "_" ("Tweet Id" = "tweet_id").
_ID_NAMES = frozenset({"post_id", "postid", "tweet_id", "tweetid", "status_id", "message_id", "msg_id",
                       "item_id", "toot_id", "article_id", "story_id", "doc_id", "document_id", "id_str",
                       "guid",
                       # in other languages, the id first ("id_publicación": trial 106's Spanish
                       # export got no hint), words as `_name_words` gives them (accents dropped)
                       "id_publicacion", "id_publicacao", "id_mensaje", "id_mensagem", "id_tuit",
                       "id_tweet", "id_post", "id_message", "id_publication", "id_messaggio",
                       "id_pubblicazione", "id_articulo", "id_artigo", "id_article", "id_articolo",
                       "id_publikacji", "id_публикации", "id_поста", "id_сообщения", "id_статьи",
                       "beitrag_id", "nachricht_id", "artikel_id",
                       # a news item in Spanish and Portuguese ("noticia", "matéria"): an article's
                       "id_noticia", "id_materia"}) | _ANY_ID_NAMES
# (field, option, test of a name's words): a name that passes names the field's column.
_UNREAD_HINTS: tuple[tuple[str, str, Callable[[list[str]], bool]], ...] = (
    # the id a table names after its record ("post_id": trial 73's ids fell back to FILE:LINE
    # without a word, while its 'user' column got this line); no research tool's columns
    # (profiles) name the id so
    ("id", "--id-col", lambda words: "_".join(words) in _ID_NAMES),
    ("created_at", "--time-col", _is_date),
    ("author", "--author-col", _is_author),
    ("url", "--url-col", lambda words: _is_one_of(words, _URL_WORDS, _OF_POST)),
    ("lang", "--lang-col", lambda words: _is_one_of(words, _LANG_WORDS, _LANG_QUALIFIERS)),
    # an article's outlet and title (trial 109's Spanish `medio` and `titular` were neither read
    # nor hinted); a post has neither
    ("outlet", "--outlet-col", lambda words: _is_one_of(words, _OUTLET_WORDS, _NAME_WORDS)),
    ("title", "--title-col", lambda words: _is_one_of(words, _TITLE_WORDS, _OF_ARTICLE)),
)


def hinted(names: list[str], field: str) -> list[str]:
    """The names among `names` (columns or keys, as written) whose words say they hold `field`
    ("created_at", "author", "url", "lang", "id", "outlet" or "title": `_UNREAD_HINTS`), in order; an article's
    "published_at" is tested as a post's "created_at"."""
    field = "created_at" if field == "published_at" else field
    test = next((test for name, _, test in _UNREAD_HINTS if name == field), None)
    if test is None:
        return []
    return list(dict.fromkeys(name.strip() for name in names if test(_name_words(name))))


# Ids named after an article: a post table's "article_id" is no id of its posts (it may name
# what a post links to), nor an article table's "post_id" the id of its articles.
_ARTICLE_ID_NAMES = frozenset({"article_id", "story_id", "doc_id", "document_id", "guid", "id_articulo",
                               "id_noticia", "id_materia",
                               "id_artigo", "id_article", "id_articolo", "id_статьи", "artikel_id"})


def _own_kind(field: str, name: str, kind: str) -> bool:
    """Whether a column `hinted` for `field` names it for this kind of record ("posts" or
    "articles"): an id named after the other kind is not read (only hinted)."""
    if field != "id" or "_".join(_name_words(name)) in _ANY_ID_NAMES:
        return True
    return ("_".join(_name_words(name)) in _ARTICLE_ID_NAMES) == (kind == "articles")


_URL_CELL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_TAG_CELL = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}")


def _is_datetime(cell: str) -> bool:
    try:
        return parse_datetime(cell) is not None
    except InputError:
        return False


def fits(field: str, cells: Sequence[str]) -> bool:
    """Whether `cells` (a column's cells in the rows looked at) have the shape of `field` (a
    column name in POST_FIELDS or ARTICLE_FIELDS): every cell not empty a date `dates.parse_datetime`
    reads, a URL, a language tag; any text for an id or an author. False when every cell is
    empty or none was looked at: a name alone does not settle what a column holds."""
    filled = [cell.strip() for cell in cells if cell.strip()]
    if not filled:
        return False
    if field in ("created_at", "published_at"):
        return all(_is_datetime(cell) for cell in filled)
    if field == "url":
        return all(_URL_CELL.fullmatch(cell) for cell in filled)
    if field == "lang":
        # a tag, or a language's name in words ("Português", "chinês", "Spanish"; trial 112's
        # `idioma` was only hinted), as `records` reads it (`lang.normalize_tag`)
        return all(_TAG_CELL.fullmatch(cell) or normalize_tag(cell) is not None for cell in filled)
    if field == "outlet":
        return not any(_URL_CELL.match(cell) for cell in filled)
    return True


def _hint(kind: str, what: str, field: str, option: str, hits: list[str]) -> str:
    """The line for unread columns (keys: `what`) that may hold `field`: one named with its
    option; several (a "date" and a "time" column) named, the choice left to the user, as no
    name says which holds the field."""
    if len(hits) == 1:
        return f"{what} {hits[0]!r} is not read as the {kind}' {field}: pass {option} {_shown(hits[0])} if it holds it"
    listed = _joined([repr(hit) for hit in hits[:_MAX_HINTED]], "and")
    more = f" (and {len(hits) - _MAX_HINTED} more)" if len(hits) > _MAX_HINTED else ""
    return f"{what}s {listed}{more} are not read as the {kind}' {field}: pass {option} with the one that holds it"


_MAX_HINTED = 4  # names said in one hint line


def unread_keys(data: dict[str, Any], columns: tuple[str, ...], mapping: Mapping[str, str]) -> tuple[
    dict[str, str], list[str]
]:
    """What a JSON input's first record says of the keys the reader does not take by name: the
    fields (of `columns`) to read from another key, as a CSV header's columns are
    (`header_index`: the one key whose name says it holds the field and whose value has its
    shape, `fits`), and the lines to say: one for each key so read ("key 'fecha' is read as the
    posts' created_at ..."), and for a date under a key not read (several, or a value that is
    no date) the hint ("key 'published' is not read as the articles' published_at: pass
    --time-col published if it holds it"; a trial's articles had "published" for
    `published_at`, and their dates were dropped without a word). A field the record holds
    under its own name (even as null), or that is mapped, is left alone."""
    kind = "posts" if "created_at" in columns else "articles"
    keys = [key for key in data if isinstance(key, str)][:_MAX_KEYS]
    found: dict[str, str] = {}
    lines: list[str] = []
    if "text" not in mapping and data.get("text") is None:
        chosen = json_text_key(data, keys, kind)
        if chosen is not None:
            found["text"] = chosen
            lines.append(f"key {chosen!r} is read as the {kind}' text (no key is named 'text';"
                         " pass --text-col to read another)")
    for field, option, _ in _UNREAD_HINTS:
        if field == "created_at" and "published_at" in columns:
            field = "published_at"
        # a key of the field's own name is the field, even null in this record: the first
        # record of a news dump often has no date ("published_at": null), and the line said to
        # pass --time-col published_at, which changes nothing
        if field not in columns or field in mapping or field in data:
            continue
        hits = hinted([key for key in keys if key not in found.values()], field)
        value = data.get(hits[0]) if len(hits) == 1 else None
        if value is not None and not isinstance(value, (dict, list, bool)) and _own_kind(field, hits[0], kind) \
                and fits(field, [str(value)]):
            found[field] = hits[0]
            lines.append(f"key {hits[0]!r} is read as the {kind}' {field} (no key is named '{field}';"
                         f" pass {option} to read another)")
        elif hits and field in ("created_at", "published_at"):
            lines.append(_hint(kind, "key", field, "--time-col", hits))
    return found, lines


# The names of a JSON record's text key where none is named 'text' (`json_text_key`): a post's
# as a post table's text column (`text_column`: "message", "body", "texto"), an article's
# "text" in another language ("texto").
POST_TEXT_NAMES = frozenset({"message", "body"}) | TEXT_NAMES_ABROAD


def json_text_key(data: dict[str, Any], keys: list[str], kind: str) -> str | None:
    """The key of a JSON record without a 'text' key that holds its text, or None: the one
    `text_column` finds among its keys whose values are strings (a number, a list or an object
    is no text). Trial 109: JSONL posts with their text under "texto" or "message" lost every
    record ("missing 'text'") while the same names as CSV columns were read."""
    names = [key for key in keys if isinstance(data.get(key), str)]
    return text_column(names, POST_TEXT_NAMES if kind == "posts" else TEXT_NAMES_ABROAD)


def json_text_advice(data: dict[str, Any]) -> str | None:
    """What to pass for a JSON record without a 'text' key whose keys say they may hold it
    ("use --text-col texto or --text-col body, ..."), None where no key says so."""
    names = [key for key in data if isinstance(key, str) and isinstance(data.get(key), str)][:_MAX_KEYS]
    if not any(_texty(name) or name.strip().lower() in POST_TEXT_NAMES for name in names):
        return None
    return text_col_advice([name for name in names if _texty(name) or name.strip().lower() in POST_TEXT_NAMES])


_MAX_KEYS = 200  # keys of a record looked at for a date: a bound for records of thousands of keys


def text_column(row: list[str], text_names: frozenset[str], numeric: frozenset[str] = frozenset()) -> str | None:
    """The column of a header without a 'text' column that holds the text, or None: the one
    column named as a text column (`text_names`, lower case: 'body', 'message'), where no other
    column's name says it may hold the text too ('content', 'Tweet Text': `text_col_advice`'s
    words). What a tab-separated file and a CSV file are read by alike (trial 72: a .tsv with a
    'body' column was read, a .csv with the same header refused). A column of `numeric` (lower
    case: its rows hold only numbers, `numeric_columns`) is no text column whatever its name
    (trial 74: a 'retweets' count beside 'body' refused the file)."""
    names = [name.strip() for name in row if name.strip() and name.strip().lower() not in numeric]
    named = {name.lower() for name in names if name.lower() in text_names}
    if len(named) != 1:
        return None
    (chosen,) = named
    texty = {name.lower() for name in names if _texty(name)}
    if texty - named:
        return None
    return next(name for name in names if name.lower() == chosen)


# A cell that is a number and nothing else: a count or an id ("3", "1,204", "12.5%", "-4",
# "1 455 962 001"), as research tools write their retweets, likes and ids.
_NUMBER = re.compile(r"[+-]?\d[\d.,'\s]*%?")


def numeric_columns(header: list[str], rows: list[list[str]]) -> frozenset[str]:
    """The names (stripped, lower case) of the columns of `header` whose cells in `rows` (a
    bounded sample of the rows after it, as read) all hold a number (`_NUMBER`), at least one
    of them not empty: counts and ids, which never hold a post's text. A column named twice is
    judged by its first; a row too short for a column leaves that cell out."""
    found: set[str] = set()
    for position, name in enumerate(header):
        lowered = name.strip().lower()
        if not lowered or any(other.strip().lower() == lowered for other in header[:position]):
            continue
        cells = [row[position].strip() for row in rows if position < len(row) and row[position].strip()]
        if cells and all(_NUMBER.fullmatch(cell) for cell in cells):
            found.add(lowered)
    return frozenset(found)


def _texty(name: str) -> bool:
    """Whether a column name (key) says it may hold the text ("Message", "Tweet Text"): a word of
    `_TEXTY` in it, and neither `_NOT_TEXT` nor another field's hint (`_UNREAD_HINTS`) says it
    holds something else. Trial 109: "Posted At" (dates; "post" is a text word) was offered as the
    text, which kept "Message" from being read."""
    lowered = name.strip().lower()
    if _NOT_TEXT.search(lowered) or not any(word in lowered for word in _TEXTY):
        return False
    words = _name_words(name)
    return not any(test(words) for _, _, test in _UNREAD_HINTS)


def text_col_advice(row: list[str], numeric: frozenset[str] = frozenset()) -> str:
    """What to pass for a header without a 'text' column: `--text-col` with the column whose name
    most likely holds the text (quoted when it has spaces), each of them where several names
    say so (trial 73: `id,body,message` was advised 'message' only), or the option alone. No
    column of `numeric` (lower case, `numeric_columns`) is advised (trial 74: 'retweets' was)."""
    names = [name.strip() for name in row if name.strip() and name.strip().lower() not in numeric]
    texty = list(dict.fromkeys(name for name in names if _texty(name)))
    if not texty:
        return "name the text's column with --text-col"
    if len(texty) == 1:
        return f"use --text-col {_shown(texty[0])} if that column holds the text"
    return f"use {_joined([f'--text-col {_shown(name)}' for name in texty], 'or')}, for the column that holds the text"


def _shown(name: str) -> str:
    """A column name as a shell argument in advice: quoted when it has spaces or quotes."""
    return f'"{name}"' if any(c.isspace() or c in "'\"$`\\" for c in name) else name


def _and(numbers: list[int]) -> str:
    return ", ".join(map(str, numbers[:-1])) + f" and {numbers[-1]}"
