"""Video preview clips over HTTP: the ``preview`` display size of a video."""

from __future__ import annotations

import io

import av

from photobank.composition import Services
from photobank.media.renditions import PREVIEW_CLIP_SIDE
from tests.api.media.support import jpeg, path_of
from tests.api.v3.test_videos import demo_videos
from tests.conftest import ContractClient


def _display_sizes(client: ContractClient, video_id: str) -> dict[str, dict[str, str]]:
    response = client.get(f"/v3/videos/{video_id}?fields=display_set")
    return {d["name"]: d for d in response.json()["videos"][0]["display_sizes"]}


def test_the_preview_clip_is_a_small_watermarked_mp4_with_ranges(
    client: ContractClient, anonymous: ContractClient, services: Services
) -> None:
    video = min(demo_videos(services), key=lambda v: v.video.frames)  # type: ignore[union-attr]
    sizes = _display_sizes(client, video.id)
    assert sizes["preview"]["is_watermarked"] is True
    url = path_of(sizes["preview"]["uri"])
    whole = anonymous.get(url)
    assert whole.status_code == 200 and whole.headers["content-type"] == "video/mp4"
    with av.open(io.BytesIO(whole.content)) as container:
        stream = container.streams.video[0]
        assert max(stream.width, stream.height) <= PREVIEW_CLIP_SIDE
        assert sum(1 for _ in container.decode(stream)) > 1
    part = anonymous.get(url, headers={"Range": "bytes=0-99"})
    assert part.status_code == 206 and part.content == whole.content[:100]
    assert part.headers["content-range"] == f"bytes 0-99/{len(whole.content)}"
    assert anonymous.get(url, headers={"Range": "bytes=999999999-"}).status_code == 416
    tampered = url.replace("wm=1", "wm=0")
    assert anonymous.get(tampered).status_code == 403


def test_thumb_and_comp_are_poster_frames(
    client: ContractClient, anonymous: ContractClient, services: Services
) -> None:
    video = demo_videos(services)[0]
    sizes = _display_sizes(client, video.id)
    thumb = jpeg(anonymous.get(path_of(sizes["thumb"]["uri"])).content)
    assert max(thumb.size) == 170
    assert sizes["comp"]["is_watermarked"] is True


def test_an_image_has_no_clip(anonymous: ContractClient, services: Services) -> None:
    image = next(a for b in services.catalog.repository.iter_assets() for a in b)
    url = path_of(services.media_urls.clip("http://photobank.test", image.id, True))
    response = anonymous.get(url)
    assert (response.status_code, response.json()["ErrorCode"]) == (404, "VideoNotFound")
