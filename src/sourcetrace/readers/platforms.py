"""Platform records met inside the generic formats (a JSONL line, an item of a JSON array), told
apart by their keys and read as the platform writes them:

- `twarc2 search` pages (tweets in `data`, authors in `includes.users`) and `twarc2 flatten`
  lines (one v2 tweet, its author inline); v1.1 tweets (twarc 1, X API v1.1 dumps);
- Bluesky API JSON: `app.bsky.feed.getAuthorFeed` pages (`feed`), `app.bsky.feed.searchPosts`
  pages (`posts`), and one feed item or post view a line;
- Telethon messages (`Message.to_dict()`, and 4CAT's Telegram NDJSON, which serialises them),
  their service messages counted as no posts (`Job.not_a_post`);
- Instagram posts of a data download (posts_1.json, a JSON array: `meta_export`);
- the column profiles of research tools (4CAT items with `body`, Meta Content Library rows,
  CrowdTangle rows: `profiles`).

Only for posts, and only when no column mapping is given (a mapping says where the fields are).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any, cast

from . import bluesky, meta_export, telethon, tweets
from .inputs import Job
from .problems import Origin, R
from .profiles import profile_for
from .values import as_dict

# A page of records inside one JSON line holds at most this many (an API page holds 100).
MAX_PAGE_RECORDS = 1000


def records_of(job: Job[R], data: dict[str, Any], line: int) -> Iterator[R]:
    """The records one JSON object gives: the posts of a platform record, else one record.
    The input's first object settles which column options apply to it (`Job.settle_mapping`)."""
    if job.mapping:
        job.settle_mapping(data, platform=job.posts and is_platform_record(data))
    if job.posts and not job.mapping:
        posts = _platform_posts(job, data, line)
        if posts is not None:
            yield from cast(Iterator[R], posts)
            return
    record = job.make(data, line)
    if record is not None:
        yield record


def is_platform_record(data: dict[str, Any]) -> bool:
    """Whether a JSON object is a platform's record, read as the platform writes it (see
    `records_of`) when no column option applies."""
    return (tweets.is_page(data) or tweets.is_flat_v2(data) or tweets.is_v1(data) or bluesky.is_page(data)
            or bluesky.is_item(data) or telethon.is_message(data) or telethon.is_not_post(data)
            or meta_export.is_post(data) or profile_for(data.keys()) is not None)


def _platform_posts(job: Job[Any], data: dict[str, Any], line: int) -> Iterator[Any] | None:
    if tweets.is_page(data):
        return _each(job, line, "tweet", tweets.page_tweets(data),
                     lambda tweet, includes, o: tweets.v2_post(tweet, includes, o))
    if tweets.is_flat_v2(data):
        return _one(job, line, lambda o: tweets.v2_post(data, tweets.Includes(), o))
    if tweets.is_v1(data):
        tweet = as_dict(data.get("tweet")) or data
        return _one(job, line, lambda o: tweets.v1_post(tweet, o))
    if bluesky.is_page(data):
        return _each(job, line, "post", bluesky.page_items(data),
                     lambda item, _, o: bluesky.item_post(item, o))
    if bluesky.is_item(data):
        return _one(job, line, lambda o: bluesky.item_post(data, o))
    if telethon.is_message(data):
        return _one(job, line, lambda o: telethon.message_post(data, o))
    if telethon.is_not_post(data):
        job.not_a_post()
        return iter(())
    if meta_export.is_post(data):
        return _one(job, line, lambda o: meta_export.post(data, o, "instagram"))
    profile = profile_for(data.keys())
    if profile is not None:
        return _one(job, line, lambda o: profile.post(data, o))
    return None


def _one(job: Job[Any], line: int, build: Callable[[Origin], Any]) -> Iterator[Any]:
    post = job.run(line, build)
    if post is not None:
        yield post


def _each(
    job: Job[Any],
    line: int,
    what: str,
    items: Iterator[tuple[int, Any, Any]],
    build: Callable[[dict[str, Any], Any, Origin], Any],
) -> Iterator[Any]:
    for number, item, context in items:
        if number > MAX_PAGE_RECORDS:
            job.problem(line, f"more than {MAX_PAGE_RECORDS:,} records in one page: the rest")
            return
        if not isinstance(item, dict):
            job.problem(line, f"{what} {number}: not an object")
            continue
        post = job.run(line, partial(build, item, context), prefix=f"{what} {number}: ")
        if post is not None:
            yield post
