"""The video-only fields of v3 documents: display sizes, key frames, download sizes."""

from __future__ import annotations

from photobank.api.v3.video_projection import video_download_size
from photobank.catalog.model import VideoDetails
from photobank.catalog.video import clip_length
from photobank.composition import Services
from photobank.media.urls import DownloadSize
from tests.api.v3.test_videos import demo_videos
from tests.conftest import ContractClient

FOOTAGE = VideoDetails(
    frames=300, frame_rate="29.97", aspect_ratio="16:9", format="hd",
    file_type="video/quicktime", codec="ProRes 422", bit_depth=10,
)  # fmt: skip


def test_the_own_format_is_the_footage_as_it_is() -> None:
    own = video_download_size(DownloadSize("hd", 1920, 1080, "video/quicktime", 9000), FOOTAGE)
    assert own == {
        "name": "hd",
        "description": "HD 1920x1080 29.97p",
        "content_type": "video/quicktime",
        "format": "mov",
        "compression": "ProRes 422",
        "bit_depth": "10",
        "frame_rate": 29.97,
        "frame_size": "1920x1080",
        "width": 1920,
        "height": 1080,
        "interlaced": False,
        "bytes": 9000,
    }


def test_a_smaller_format_is_an_h264_mp4() -> None:
    smaller = video_download_size(DownloadSize("sd", 640, 360, "video/mp4", 800), FOOTAGE)
    assert (smaller["format"], smaller["compression"], smaller["bit_depth"]) == (
        "mp4",
        "H.264",
        "8",
    )
    assert smaller["description"] == "SD 640x360 29.97p"


def test_a_videos_display_sizes_are_its_clip_and_poster_stills(
    client: ContractClient, services: Services
) -> None:
    video = demo_videos(services, "creative")[0]
    assert video.video is not None
    query = {"fields": "display_set,key_frames,clip_length"}
    (item,) = client.get(f"/v3/videos/{video.id}", params=query).json()["videos"]
    sizes = {size["name"]: size for size in item["display_sizes"]}
    assert "/media/clips/" in sizes["preview"]["uri"] and sizes["preview"]["is_watermarked"]
    assert f"/media/display/comp/{video.id}.jpg" in sizes["comp"]["uri"]
    assert {size["aspect_ratio"] for size in sizes.values()} == {video.video.aspect_ratio}
    frames = {frame["name"]: frame for frame in item["key_frames"]}
    assert list(frames) == ["thumb", "comp"] and frames["thumb"]["is_watermarked"] is False
    assert frames["comp"]["uri"] == sizes["comp"]["uri"]
    assert item["clip_length"] == clip_length(video.video)


def test_an_image_has_no_video_fields(client: ContractClient, services: Services) -> None:
    image = next(a for b in services.catalog.repository.iter_assets() for a in b if not a.video)
    answer = client.get(f"/v3/images/{image.id}", params={"fields": "id,title"})
    assert set(answer.json()["images"][0]) == {"id", "title"}
