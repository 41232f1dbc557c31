"""Reads a story back for GET /v1/stories/{id}: its articles, as the linking script recorded them.

Imported by the web process, so it needs Redis and the key names only (no MinHash, no numpy).
"""

from __future__ import annotations

import json
import re
import struct
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from redis import Redis

from service.queue.keys import Keys

STORY_ID = re.compile(r"[0-9a-f]{16}")


def read_record(record: bytes) -> dict[str, Any]:
    """What an article record says of the article (see link.lua): job, t, title, outlet,
    published_at, story, dup, sim."""
    signature_len, vector_len, job_len = struct.unpack(">HHB", record[:5])
    start = 5 + signature_len + vector_len
    info: dict[str, Any] = json.loads(record[start + job_len :])
    info["job"] = record[start : start + job_len].decode()
    return info


def _iso(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# The story's layouts (see link.lua): header then centroid (8 bytes a feature); members in a key
# of their own, 12 bytes each.
_HEADER = struct.Struct(">dddiiIH")
_MEMBER = struct.Struct(">8sI")


@dataclass(frozen=True)
class StoredStory:
    first_seen: float
    last_seen: float
    article_count: int
    members: list[tuple[bytes, int]]  # (ref, received at), oldest first


def read_story(blob: bytes, members: bytes) -> StoredStory:
    first, last, _norm2, _dmin, _dmax, count, _features = _HEADER.unpack_from(blob)
    listed = [
        _MEMBER.unpack_from(members, pos) for pos in range(0, len(members) - _MEMBER.size + 1, _MEMBER.size)
    ]
    return StoredStory(first, last, count, listed)


class StoryStore:
    def __init__(self, redis: Redis, keys: Keys) -> None:
        self.redis = redis
        self.keys = keys

    def get(self, owner: str, story_id: str) -> dict[str, Any] | None:
        """The owner's story, oldest article first; None when the owner has no such story (another
        owner's story is looked up under this owner's keys, so it is never found)."""
        if not STORY_ID.fullmatch(story_id):
            return None
        blob, members = self.redis.mget(
            self.keys.story(owner, story_id), self.keys.story_members(owner, story_id)
        )
        if not isinstance(blob, bytes):  # None: no such story (the client never decodes replies)
            return None
        story = read_story(blob, members if isinstance(members, bytes) else b"")
        pipe = self.redis.pipeline(transaction=False)
        for ref, received in story.members:
            pipe.hget(self.keys.story_articles(owner, received // 86400), ref)
        articles = []
        for record in pipe.execute() if story.members else []:
            if record is None:  # expired with its day
                continue
            info = read_record(record)
            articles.append(
                {
                    "job_id": info["job"],
                    "title": info.get("title"),
                    "outlet": info.get("outlet"),
                    "published_at": info.get("published_at"),
                    "received_at": _iso(float(info["t"])),
                    "duplicate_of": info.get("dup"),
                }
            )
        return {
            "id": story_id,
            "first_seen": _iso(story.first_seen),
            "last_seen": _iso(story.last_seen),
            "article_count": story.article_count,
            "articles": articles,
        }
