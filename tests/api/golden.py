"""Golden answers: a few thousand varied v3 and legacy requests, replayed in order.

Refactoring the skins must not change what a client sees. This module builds a
fresh, fully deterministic server (fixed signing key, manual clock, seeded demo
catalog), sends it a seeded sequence of requests that touch every skin's
searches, look-ups, downloads, boards and lightboxes, sessions and errors, and
reduces each answer to ``METHOD path status body``. Values that are random by
design (tokens, board ids, also in a lightbox's URL) are replaced by ``<vN>``,
numbered by first appearance, so equal values stay equal. The answers recorded before a change
are kept per deployment, since each search backend orders hits of equal score its
own way: ``golden_answers.txt.gz`` (embedded: tantivy) and
``golden_answers.distributed.txt.gz`` (PostgreSQL). Run ``python -m tests.api.golden``,
and again with ``PHOTOBANK_TEST_DEPLOYMENT=distributed``, to record them again (only
for a deliberate change of behaviour).
"""

from __future__ import annotations

import gzip
import random
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import orjson
from starlette.testclient import TestClient

from photobank.app import create_app
from photobank.clock import ManualClock
from photobank.composition import build_services
from photobank.demo.credentials import DemoCredentials, ensure_demo_accounts
from photobank.demo.generator import build_demo_catalog
from tests.deployment import DISTRIBUTED, close, deployed

_SUFFIX = ".distributed" if DISTRIBUTED else ""
GOLDEN = Path(__file__).with_name(f"golden_answers{_SUFFIX}.txt.gz")
ASSETS = 400
SEED = 42
REQUEST_SEED = 21
_START = "2026-06-01T12:00:00+00:00"
_KEY = bytes(range(32))
_SECURE, _PLAIN = "https://photobank.test", "http://photobank.test"
# Fields whose values are random by design: their values are numbered, not compared.
_VOLATILE = re.compile(
    rb'(?:"(?:Token|SecureToken|access_token|refresh_token|id)":"|/v3/boards/)'
    rb'([0-9A-Za-z_\-.~]{20,})"'
)
_PHRASES = ("", "city", "dog", "sunset", "people", "water", "business", "red car", "zzzz-none")
_FIELDS = (
    "id,title",
    "detail_set",
    "summary_set",
    "display_set",
    "id,display_sizes,download_sizes,keywords",
    "id,product_types,largest_downloads,max_dimensions",
    "id,bogus_field",
)


@contextmanager
def golden_server() -> Iterator[tuple[TestClient, DemoCredentials, ManualClock]]:
    """A server whose every answer depends only on the requests it is sent."""
    with TemporaryDirectory() as data:
        (Path(data) / "signing.key").write_bytes(_KEY)
        settings = deployed(
            data_dir=Path(data), default_qps_limit=0, default_daily_limit=0, hash_cost="fast"
        )
        clock = ManualClock(datetime.fromisoformat(_START))
        services = build_services(settings, clock)
        try:
            build_demo_catalog(
                services.catalog.repository, assets=ASSETS, seed=SEED, signatures=False
            )
            services.search.sync()
            demo = ensure_demo_accounts(services.accounts, SEED, services.licensing)
            with TestClient(create_app(settings, services), base_url=_PLAIN) as http:
                yield http, demo, clock
        finally:
            services.close()


class Recorder:
    """Sends requests and keeps each normalised answer."""

    def __init__(self, http: TestClient, demo: DemoCredentials, clock: ManualClock) -> None:
        self.http, self.demo, self.clock = http, demo, clock
        self.answers: list[str] = []
        self._volatile: dict[bytes, str] = {}

    def send(self, method: str, url: str, **kwargs: Any) -> Any:
        # A millisecond a request: what is made or changed in a row has an order by date.
        self.clock.advance(timedelta(milliseconds=1))
        response = self.http.request(method, url, follow_redirects=False, **kwargs)
        body = response.content
        for value in _VOLATILE.findall(body):
            self._volatile.setdefault(value, f"<v{len(self._volatile)}>")
        location = response.headers.get("location", "")
        text = f"{method} {url} {response.status_code} {location} {body.decode('utf-8', 'replace')}"
        for value, name in self._volatile.items():
            text = text.replace(value.decode(), name)
        self.answers.append(text)
        is_json = response.headers.get("content-type", "").startswith("application/json")
        return orjson.loads(body) if is_json and body else None

    def v3(self, method: str, path: str, token: str | None = None, **kwargs: Any) -> Any:
        headers = {"Api-Key": self.demo.api_key}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return self.send(method, path, headers=headers, **kwargs)

    def legacy(
        self,
        path: str,
        body: Any,
        token: str | None,
        *,
        key: str | None = None,
        secure: bool = True,
    ) -> Any:
        operation = path.rsplit("/", 1)[-1]
        document: dict[str, Any] = {"RequestHeader": {"Token": token, "CoordinationId": "c"}}
        if body is not None:
            document[key or f"{operation.removesuffix('Request')}RequestBody"] = body
        return self.send("POST", f"{_SECURE if secure else _PLAIN}{path}", json=document)


def record() -> list[str]:
    """The normalised answers to the whole request sequence, on a fresh server."""
    with golden_server() as (http, demo, clock):
        recorder = Recorder(http, demo, clock)
        for scenario in _SCENARIOS:
            scenario(recorder, random.Random(REQUEST_SEED))
        return recorder.answers


def _v3_tokens(r: Recorder, username: str = "demo") -> tuple[str, str]:
    form = {"client_id": r.demo.api_key, "client_secret": r.demo.api_secret}
    app = r.send(
        "POST", f"{_SECURE}/oauth2/token", data={**form, "grant_type": "client_credentials"}
    )
    name, password = _login(r, username)
    user = r.send(
        "POST",
        f"{_SECURE}/oauth2/token",
        data={**form, "grant_type": "password", "username": name, "password": password},
    )
    return app["access_token"], user["access_token"]


def _login(r: Recorder, username: str) -> tuple[str, str]:
    """The user name and password of a demo customer: ``demo``, ``packs`` or ``credits``."""
    return username, r.demo.password.replace("demo", username, 1)


def _sessions(r: Recorder, username: str = "demo") -> tuple[str, str, str]:
    system = {"SystemId": r.demo.api_key, "SystemPassword": r.demo.api_secret}
    name, password = _login(r, username)
    user = {**system, "UserName": name, "UserPassword": password}
    made = r.legacy("/v1/session/CreateSession", user, None)["CreateSessionResult"]
    app = r.legacy("/v1/session/CreateApplicationSession", system, None)
    return made["Token"], made["SecureToken"], app["CreateApplicationSessionResult"]["Token"]


def _image_ids(r: Recorder, token: str | None) -> list[str]:
    ids: list[str] = []
    for page in (1, 2, 3, 4):
        found = r.v3("GET", f"/v3/search/images?page_size=100&page={page}&fields=id", token)
        ids += [image["id"] for image in found["images"]]
    return ids


def _v3_reads(r: Recorder, rng: random.Random) -> None:
    app_token, user_token = _v3_tokens(r)
    ids = _image_ids(r, user_token)
    orientations = ("horizontal", "vertical", "square", "panoramic_horizontal", "bogus")
    sorts = ("best_match", "newest", "most_popular", "oldest", "bogus")
    for _ in range(700):
        token = rng.choice((None, app_token, user_token, "not-a-token"))
        kind = rng.choice(("", "/creative", "/editorial"))
        query = [f"phrase={rng.choice(_PHRASES)}", f"fields={rng.choice(_FIELDS)}"]
        query.append(f"page={rng.choice((1, 2, 3, 0, 50))}&page_size={rng.choice((1, 5, 30, 101))}")
        if rng.random() < 0.5:
            query.append(f"orientations={rng.choice(orientations)}")
        if rng.random() < 0.4:
            query.append(f"sort_order={rng.choice(sorts)}")
        if rng.random() < 0.3:
            query.append(f"graphical_styles={rng.choice(('photography', 'illustration', 'x'))}")
        if rng.random() < 0.3:
            query.append(f"license_models={rng.choice(('royaltyfree', 'rightsmanaged'))}")
        r.v3("GET", f"/v3/search/images{kind}?{'&'.join(query)}", token)
    for _ in range(500):
        token = rng.choice((None, app_token, user_token))
        chosen = ",".join(rng.sample(ids, rng.choice((1, 1, 3))))
        if rng.random() < 0.1:
            chosen += ",0-missing"
        r.v3("GET", f"/v3/images/{chosen}?fields={rng.choice(_FIELDS)}", token)
    for _ in range(100):
        phrase = rng.choice(_PHRASES)
        r.v3("GET", f"/v3/search/videos?phrase={phrase}&page_size={rng.choice((3, 20))}")
    r.v3("GET", "/v3/products", user_token)
    r.v3("GET", "/v3/products", app_token)
    r.v3("GET", "/v3/customers/current", user_token)
    r.v3("GET", "/v3/collections", user_token)


def _v3_downloads_and_boards(r: Recorder, rng: random.Random) -> None:
    app_token, user_token = _v3_tokens(r)
    packs, credits = _v3_tokens(r, "packs")[1], _v3_tokens(r, "credits")[1]
    ids = _image_ids(r, user_token)
    for _ in range(150):
        token = rng.choice((user_token, user_token, packs, credits, app_token, None))
        query = rng.choice(
            ("", "?height=500", "?file_type=jpg", "?product_type=easyaccess", "?height=7")
        )
        r.v3("POST", f"/v3/downloads/images/{rng.choice([*ids, '0-missing'])}{query}", token)
    r.v3("GET", "/v3/downloads?page_size=50", user_token)
    boards = []
    for n in range(20):
        made = r.v3("POST", "/v3/boards", user_token, json={"name": f"board {n}"})
        boards.append(made["id"])
    r.v3("POST", "/v3/boards", user_token, json={"name": ""})
    for _ in range(120):
        board = rng.choice(boards)
        picked = ",".join(rng.sample(ids, 3))
        action = rng.random()
        if action < 0.4:
            r.v3(
                "PUT",
                f"/v3/boards/{board}/assets",
                user_token,
                json=[{"asset_id": i} for i in picked.split(",")],
            )
        elif action < 0.8:
            r.v3("GET", f"/v3/boards/{board}", user_token)
        elif action < 0.9:
            r.v3("DELETE", f"/v3/boards/{board}/assets?asset_ids={picked}", user_token)
        else:
            r.v3("GET", f"/v3/boards/{board}", app_token)
    r.v3("GET", "/v3/boards?page_size=50", user_token)
    r.v3("GET", "/v3/boards/no-such-board", user_token)


def _legacy_search(r: Recorder, rng: random.Random) -> None:
    token, secure, app = _sessions(r)
    ids = _image_ids(r, None)
    families = (["Creative"], ["Editorial"], ["creative", "editorial"], ["Bogus"])
    for _ in range(600):
        who = rng.choice((token, app, secure, "bad-token", None))
        body: dict[str, Any] = {
            "Query": {"SearchPhrase": rng.choice(_PHRASES)},
            "ResultOptions": {
                "ItemCount": rng.choice((1, 10, 75, 76, 0)),
                "ItemStartNumber": rng.choice((1, 2, 30, 0, 1000)),
            },
        }
        filters: dict[str, Any] = {}
        if rng.random() < 0.4:
            filters["ImageFamilies"] = rng.choice(families)
        if rng.random() < 0.3:
            filters["Orientations"] = [rng.choice(("Horizontal", "Vertical", "Square", "Nope"))]
        if rng.random() < 0.2:
            filters["LicensingModels"] = [rng.choice(("RoyaltyFree", "RightsManaged"))]
        if rng.random() < 0.2:
            filters["GraphicStyles"] = [rng.choice(("Photography", "Illustration", "Vector"))]
        if filters:
            body["Filter"] = filters
        if rng.random() < 0.3:
            body["ResultOptions"]["CreativeSortOrder"] = rng.choice(
                ("MostRecent", "BestMatch", "X")
            )
        if rng.random() < 0.2:
            body["ResultOptions"]["IncludeKeywords"] = True
        version = rng.choice(("v1", "v2"))
        r.legacy(
            f"/{version}/search/SearchForImages",
            body,
            who,
            key="SearchForImages2RequestBody",
            secure=who != secure,
        )
    for _ in range(400):
        who = rng.choice((token, app, secure))
        chosen = rng.sample(ids, rng.choice((1, 2, 5)))
        if rng.random() < 0.1:
            chosen.append("0-missing")
        body = {"ImageIds": chosen, "Language": rng.choice(("en-us", "de", "xx"))}
        r.legacy("/v1/search/GetImageDetails", body, who, secure=who != secure)
    for _ in range(60):
        r.legacy(
            "/v1/search/SearchForVideos",
            {"Query": {"SearchPhrase": rng.choice(_PHRASES)}},
            rng.choice((token, app)),
        )
    r.legacy("/v1/data/GetActiveProductOfferings", None, token)
    r.legacy("/v1/data/GetActiveProductOfferings", None, app)


def _legacy_downloads_and_lightboxes(r: Recorder, rng: random.Random) -> None:
    token, secure, app = _sessions(r)
    secure_of = {token: secure, app: secure}
    for username in ("packs", "credits"):
        other, other_secure, _ = _sessions(r, username)
        secure_of[other] = other_secure
    ids = _image_ids(r, None)
    sizes = ("small", "medium", "large", "x_large", "original", "vector", "huge", None)
    for _ in range(200):
        who = rng.choice(tuple(secure_of))
        wanted = [
            {"ImageId": rng.choice([*ids, "0-missing"]), "SizeKey": rng.choice(sizes)}
            for _ in range(rng.choice((1, 3)))
        ]
        found = r.legacy("/v1/download/GetImageDownloadAuthorizations", {"ImageSizes": wanted}, who)
        largest = [{"ImageId": rng.choice([*ids, "0-missing"])} for _ in range(rng.choice((1, 2)))]
        got = r.legacy(
            "/v1/download/GetLargestImageDownloadAuthorizations", {"Images": largest}, who
        )
        tokens = [
            a["DownloadToken"]
            for result in (found, got)
            for image in (
                (result or {}).get("GetImageDownloadAuthorizationsResult")
                or (result or {}).get("GetLargestImageDownloadAuthorizationsResult")
                or {}
            ).get("Images", [])
            for a in image["Authorizations"][:1]
        ]
        items = [{"DownloadToken": t} for t in tokens[:2]]
        if rng.random() < 0.2:
            items.append({"DownloadToken": rng.choice(("junk", "a.b.c.d.e.f", ""))})
        if items:
            r.legacy(
                "/v1/download/CreateDownloadRequest",
                {"DownloadItems": items},
                secure_of[who] if rng.random() < 0.9 else who,
            )
    r.legacy("/v1/download/GetPreviousDownloads", {}, token)
    lightboxes = []
    for n in range(15):
        made = r.legacy(
            "/v1/lightbox/CreateLightbox", {"LightboxName": f"box {n}", "Notes": "n"}, token
        )
        lightboxes.append(made["CreateLightboxResult"]["LightboxId"])
    r.legacy("/v1/lightbox/CreateLightbox", {"LightboxName": ""}, token)
    for _ in range(150):
        box = rng.choice([*lightboxes, 999999])
        action = rng.random()
        if action < 0.35:
            body = {"LightboxId": box, "AssetIds": rng.sample(ids, 3)}
            r.legacy("/v1/lightbox/CreateLightboxItems", body, token)
        elif action < 0.8:
            view = {"ItemCount": rng.choice((2, 25, 0)), "ItemStartNumber": rng.choice((1, 2))}
            r.legacy(
                "/v1/lightbox/GetLightbox",
                {"LightboxId": box, "LightboxItemsViewOptions": view},
                rng.choice((token, token, app)),
            )
        elif action < 0.9:
            r.legacy(
                "/v1/lightbox/UpdateLightboxHeader",
                {"LightboxId": box, "LightboxName": "renamed"},
                token,
            )
        else:
            r.legacy(
                "/v1/lightbox/DeleteLightboxItems",
                {"LightboxId": box, "AssetIds": rng.sample(ids, 2)},
                token,
            )
    listing = {"ResultsViewOptions": {"ItemCount": 50, "ItemStartNumber": 1}}
    r.legacy("/v1/lightbox/GetLightboxHeaders", listing, token)
    r.legacy("/v1/lightbox/DeleteLightbox", {"LightboxId": lightboxes[0]}, token)


def _errors_and_renewal(r: Recorder, rng: random.Random) -> None:
    token, secure, _ = _sessions(r)
    system = {"SystemId": r.demo.api_key, "SystemPassword": r.demo.api_secret}
    r.legacy("/v1/session/RenewSession", system, token)
    r.legacy("/v1/session/RenewSession", system, "dead")
    r.legacy("/v1/session/CreateSession", {**system, "SystemPassword": "wrong"}, None)
    r.legacy("/v1/session/CreateSession", {**system, "UserName": "demo", "UserPassword": "x"}, None)
    r.legacy("/v1/session/CreateSession", system, None, secure=False)
    r.legacy("/v1/download/CreateDownloadRequest", {"DownloadItems": []}, secure, secure=False)
    r.legacy("/v1/search/NoSuchOperation", {}, token)
    r.send("POST", f"{_SECURE}/v1/search/SearchForImages", content=b"{not json")
    r.send("GET", f"{_SECURE}/v1/search/SearchForImages")
    r.send("GET", "/v3/search/images?phrase=dog")
    r.send("GET", "/v3/search/images?phrase=dog", headers={"Api-Key": "wrong"})
    r.v3("GET", "/v3/images/0-missing")
    r.v3("GET", "/v3/search/images?page_size=abc")
    r.v3("GET", "/v3/downloads", None)


_SCENARIOS: tuple[Callable[[Recorder, random.Random], None], ...] = (
    _v3_reads,
    _v3_downloads_and_boards,
    _legacy_search,
    _legacy_downloads_and_lightboxes,
    _errors_and_renewal,
)


def load() -> list[str]:
    return gzip.decompress(GOLDEN.read_bytes()).decode().split("\n\x00\n")


def save(answers: list[str]) -> None:
    GOLDEN.write_bytes(gzip.compress("\n\x00\n".join(answers).encode(), mtime=0))


if __name__ == "__main__":
    try:
        save(record())
    finally:
        close()  # the distributed run's servers
