"""Real video files (MP4, MOV, WebM) encoded at test time, ingested, served and licensed."""

from __future__ import annotations

import io
import struct
from fractions import Fraction
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
from PIL import Image

from photobank.catalog.model import ASPECT_RATIOS, VIDEO_FORMATS, VideoDetails
from photobank.catalog.video import frame_size, own_frame_size
from tests.ingest.conftest import Library
from tests.ingest.support import xmp_packet

TAGS = {
    "title": "Harbour at dawn",
    "comment": "Fishing boats leave the harbour as the sun rises.",
    "artist": "Ada Lumen",
    "copyright": "2024 Northlight Ltd",
    "creation_time": "2024-05-01T06:30:00.000000Z",
}
_BLUE = (20, 60, 200)


def encode(
    path: Path,
    container_format: str = "mp4",
    codec: str = "libx264",
    size: tuple[int, int] = (320, 180),
    rate: Fraction = Fraction(25),
    frames: int = 50,
    tags: dict[str, str] | None = None,
    options: dict[str, str] | None = None,
) -> Path:
    """A real clip: a blue field a yellow bar crosses, one position a frame."""
    path.parent.mkdir(parents=True, exist_ok=True)
    width, height = size
    with av.open(str(path), "w", format=container_format, options=options) as container:
        container.metadata.update(TAGS if tags is None else tags)
        stream = container.add_stream(codec, rate=rate)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        if codec.startswith("libvpx"):
            # Not the realtime deadline: it picks its speed from how long frames take, so
            # a loaded machine would get other bytes, and a damaged clip other damage.
            stream.options = {"deadline": "good", "cpu-used": "5"}
        for index in range(frames):
            pixels = np.empty((height, width, 3), np.uint8)
            pixels[:] = _BLUE
            left = index * (width - 40) // max(frames - 1, 1)
            pixels[:, left : left + 40] = (240, 220, 60)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            frame.pts, frame.time_base = index, 1 / rate
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    return path


def _video(library: Library, asset_id: str, fields: str, token: str = "") -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = library.client.get(
        f"/v3/videos/{asset_id}", params={"fields": fields}, headers=headers
    )
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()["videos"][0]
    return found


def _shown(library: Library, uri: str) -> Image.Image:
    response = library.client.get(uri)
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def test_an_mp4_is_a_video_asset_served_searched_and_licensed_as_its_own_file(
    library: Library, tmp_path: Path
) -> None:
    clip = encode(tmp_path / "clips" / "harbour.mp4")
    report = library.ingest(tmp_path / "clips")
    assert report.failed == [] and len(report.added) == 1
    asset_id, token = report.added[0][1], library.buyer_token()
    video = _video(library, asset_id, "detail_set,display_set,download_sizes", token)
    assert video["title"] == "Harbour at dawn"
    assert video["caption"] == TAGS["comment"]
    assert (video["artist"], video["copyright"]) == ("Ada Lumen", "2024 Northlight Ltd")
    assert video["date_created"].startswith("2024-05-01T06:30:00")
    assert video["clip_length"] == "00:00:02:00"
    assert video["era"] == "2020s" and video["mastered_to"] == "MP4 8-bit H.264"
    ((size,),) = [video["download_sizes"]]  # 320 px wide: SD, its only format
    assert (size["name"], size["frame_size"], size["frame_rate"]) == ("sd", "320x180", 25.0)
    assert {d["name"]: d["aspect_ratio"] for d in video["display_sizes"]}["comp"] == "16:9"
    found = library.client.get("/v3/search/videos", params={"phrase": "harbour"}).json()
    assert [v["id"] for v in found["videos"]] == [asset_id]
    # Stills are the poster frame from the file itself: the blue field, at 16:9.
    thumb = _shown(library, video["display_sizes"][-1]["uri"])
    assert thumb.size == (170, 96)
    red, _, blue = thumb.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    assert blue > 150 and red < 110
    # The preview clip is transcoded from the file: 16:9, watermarked, 15 fps at most.
    preview = next(d for d in video["display_sizes"] if d["name"] == "preview")
    played = library.client.get(preview["uri"])
    assert played.status_code == 200
    with av.open(io.BytesIO(played.content)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height) == (320, 180)
        assert sum(1 for _ in container.decode(stream)) == 30  # 2 s at 15 fps
    # Licensed: the very bytes ingested, then the licence (test_video_stamping), named
    # and typed as they are.
    delivered = library.licensed(token, asset_id, "videos")
    assert delivered.content.startswith(clip.read_bytes())
    assert delivered.headers["content-type"] == "video/mp4"
    assert f"GettyImages-{asset_id}.mp4" in delivered.headers["content-disposition"]


def test_smaller_formats_are_transcoded_from_the_file(library: Library, tmp_path: Path) -> None:
    clip = encode(tmp_path / "wide.mp4", size=(1280, 720), frames=10)
    ((_, asset_id),) = library.ingest(clip).added
    token = library.buyer_token()
    video = _video(library, asset_id, "download_sizes", token)
    assert [(s["name"], s["frame_size"]) for s in video["download_sizes"]] == [
        ("sd", "640x360"),
        ("hd_web", "1280x720"),
    ]
    own = library.licensed(token, asset_id, "videos", "hd_web").content
    assert own.startswith(clip.read_bytes())
    smaller = library.licensed(token, asset_id, "videos", "sd")
    with av.open(io.BytesIO(smaller.content)) as container:
        stream = container.streams.video[0]
        assert (stream.width, stream.height, stream.codec_context.name) == (640, 360, "h264")
        assert sum(1 for _ in container.decode(stream)) == 10


@pytest.mark.parametrize(
    ("name", "container_format", "codec", "mastered_to", "media_type"),
    [
        ("sea.mov", "mov", "libx264", "QuickTime 8-bit H.264", "video/quicktime"),
        ("sea.webm", "webm", "libvpx", "WebM 8-bit VP8", "video/webm"),
        ("sea.webm", "webm", "libvpx-vp9", "WebM 8-bit VP9", "video/webm"),
    ],
)
def test_mov_and_webm_are_ingested_with_their_tags(
    library: Library,
    tmp_path: Path,
    name: str,
    container_format: str,
    codec: str,
    mastered_to: str,
    media_type: str,
) -> None:
    if codec not in av.codecs_available:
        pytest.skip(f"this PyAV has no {codec} encoder")
    clip = encode(tmp_path / name, container_format, codec, rate=Fraction(30000, 1001), frames=30)
    report = library.ingest(clip)
    assert report.failed == []
    ((_, asset_id),) = report.added
    token = library.buyer_token()
    video = _video(library, asset_id, "detail_set,download_sizes", token)
    assert (video["title"], video["artist"]) == ("Harbour at dawn", "Ada Lumen")
    assert video["mastered_to"] == mastered_to
    (own,) = video["download_sizes"]  # its own format only: the file as it is
    assert own["frame_rate"] == 29.97
    assert (own["content_type"], own["format"]) == (media_type, name.rsplit(".", 1)[1])
    assert (own["compression"], own["bit_depth"]) == (mastered_to.split()[-1], "8")
    assert video["clip_length"] == "00:00:01:00"  # 30 frames at 29.97
    delivered = library.licensed(token, asset_id, "videos")
    if media_type == "video/quicktime":
        assert delivered.content.startswith(clip.read_bytes())  # its licence comes after
    else:
        assert delivered.content != clip.read_bytes()  # its licence in a new head
    assert delivered.headers["content-type"] == media_type


def test_xmp_in_an_mp4_adds_to_its_tags_wherever_the_box_lies(
    library: Library, tmp_path: Path
) -> None:
    clip = encode(tmp_path / "tagged.mp4")
    xmp = xmp_packet({"Xmp.dc.subject": ["trawler", "sunrise"]})
    box = struct.pack(">I", 8 + 16 + len(xmp)) + b"uuid"
    box += bytes.fromhex("be7acfcb97a942e89c71999491e3afac") + xmp
    clip.write_bytes(clip.read_bytes() + box)  # after moov, where writers append it
    ((_, asset_id),) = library.ingest(clip).added
    video = _video(library, asset_id, "title,keywords")
    assert video["title"] == "Harbour at dawn"
    assert {k["text"] for k in video["keywords"]} == {"trawler", "sunrise"}


def test_a_turned_phone_clip_is_upright(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "phone.mp4"
    with av.open(str(path), "w") as container:
        stream = container.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        stream.set_display_rotation(90)
        for index in range(5):
            frame = av.VideoFrame.from_ndarray(np.zeros((180, 320, 3), np.uint8), "rgb24")
            frame.pts, frame.time_base = index, Fraction(1, 25)
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    ((_, asset_id),) = library.ingest(path).added
    video = _video(library, asset_id, "detail_set,display_set")
    assert video["display_sizes"][0]["aspect_ratio"] == "9:16"
    assert _shown(library, video["display_sizes"][-1]["uri"]).size == (96, 170)


def test_corrupt_truncated_empty_and_misnamed_videos_are_reported_and_skipped(
    library: Library, tmp_path: Path
) -> None:
    folder = tmp_path / "bad"
    whole = encode(folder / "whole.mp4").read_bytes()
    (folder / "noise.mp4").write_bytes(bytes(range(256)) * 40)
    (folder / "cut.mp4").write_bytes(whole[: len(whole) * 9 // 10])  # its index is at the end
    streamable = encode(folder / "whole.mp4", options={"movflags": "+faststart"}).read_bytes()
    (folder / "cut-streamable.mp4").write_bytes(streamable[: len(streamable) * 8 // 10])
    webm = encode(folder / "cut.webm", "webm", "libvpx").read_bytes()
    (folder / "cut.webm").write_bytes(webm[: len(webm) * 7 // 10])
    (folder / "whole.mp4").unlink()
    with av.open(str(folder / "empty.mp4"), "w") as container:  # a stream, no frames
        stream = container.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 320, 180, "yuv420p"
        container.start_encoding()
    encode(folder / "really-mp4.webm")
    (folder / "zero.mov").write_bytes(b"")
    report = library.ingest(folder)
    assert report.added == []
    reasons = {Path(f.path).name: f.reason for f in report.failed}
    assert reasons.keys() == {
        "noise.mp4",
        "cut.mp4",
        "cut-streamable.mp4",
        "cut.webm",
        "empty.mp4",
        "really-mp4.webm",
        "zero.mov",
    }
    assert reasons["noise.mp4"].startswith("cannot be read as a video (corrupt, truncated")
    assert reasons["cut.mp4"] == reasons["noise.mp4"]
    assert reasons["cut-streamable.mp4"].startswith("truncated: ")
    assert reasons["cut-streamable.mp4"].endswith(" of its 50 frames are in the file")
    assert reasons["cut.webm"].startswith("truncated: its frames end at 1.")
    assert reasons["empty.mp4"] == "holds no frames"
    assert reasons["really-mp4.webm"] == "holds a MP4 video but is named as WebM"
    assert reasons["zero.mov"] == "empty file"
    assert all("\n" not in reason for reason in reasons.values())
    assert library.client.get("/v3/search/videos").json()["result_count"] == 0


def test_a_rerun_leaves_an_ingested_video_unchanged(library: Library, tmp_path: Path) -> None:
    encode(tmp_path / "clips" / "a.mp4", frames=5)
    assert len(library.ingest(tmp_path / "clips").added) == 1
    again = library.ingest(tmp_path / "clips")
    assert (again.added, again.updated, len(again.unchanged)) == ([], [], 1)


@pytest.mark.parametrize("video_format", VIDEO_FORMATS)
def test_demo_videos_keep_their_nominal_frame_sizes(video_format: str) -> None:
    for ratio in ASPECT_RATIOS:
        width, height = frame_size(video_format, ratio)
        video = VideoDetails(frames=1, frame_rate="25", aspect_ratio=ratio, format=video_format)
        assert own_frame_size(video, width, height) == (width, height)
    # A frame that names another format or ratio (a fixture's 4000 x 3000) is not its own.
    video = VideoDetails(frames=1, frame_rate="25", aspect_ratio="16:9", format=video_format)
    assert own_frame_size(video, 4000, 3000) == frame_size(video_format, "16:9")
