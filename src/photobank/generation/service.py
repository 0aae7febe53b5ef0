"""The AI generator: generations, variations, download sizes, downloads and re-downloads.

Every generation uses one of the customer's AI Generation products (licensing
chooses it) and stays pending for as many polls and as long as the pacing says
when it is made; a download does the same after its licence is recorded, so a
client's polling loop runs as it does against Getty. A customer sees only their
own generations: anyone else's id is as unknown as an id never given.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from photobank.clock import Clock
from photobank.demo.prompted import Prompt, prompt_seed
from photobank.errors import InvalidParameter, NotFound
from photobank.generation import rows
from photobank.generation.errors import (
    GeneratedAssetNotFound,
    GeneratedDownloadNotFound,
    GeneratedImageNotFound,
    GenerationNotFound,
    GenerationPending,
    InvalidPreviewUrl,
)
from photobank.generation.models import (
    ASPECT_RATIOS,
    DEFAULT_ASPECT_RATIO,
    IMAGES_PER_GENERATION,
    MAX_PROMPT,
    SIZE_SIDES,
    Choices,
    Download,
    Generation,
    Pacing,
    Pending,
    Picture,
    media_type_named,
    mood_named,
    size_named,
    sizes_of,
    split_asset_id,
)
from photobank.generation.pictures import GeneratedPictures
from photobank.licensing.generated import ai_product, check_generation, license_generated
from photobank.licensing.models import DownloadRequirements, Product
from photobank.licensing.service import LicensingService
from photobank.media.delivery import DeliveryUrls
from photobank.media.signing import Signer
from photobank.media.storage import StoredObject
from photobank.media.urls import DownloadSize
from photobank.store import tables as t

DELIVERY_ROUTE = "/media/generated"


class GenerationService:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        licensing: LicensingService,
        delivery: DeliveryUrls,
        signer: Signer,
        pictures: GeneratedPictures,
        pacing: Pacing,
    ) -> None:
        """``pacing``: how long answers stay pending until the emulator sets another."""
        self._engine = engine
        self._clock = clock
        self._licensing = licensing
        self._delivery = delivery
        self._signer = signer
        self.pictures = pictures
        self._default_pacing = self.pacing = pacing

    def set_pacing(self, polls: int | None = None, latency_ms: int | None = None) -> Pacing:
        """Change how long new generations and downloads stay pending."""
        for name, value in (("polls", polls), ("latency_ms", latency_ms)):
            if value is not None and value < 0:
                raise InvalidParameter(name, f"'{name}' cannot be negative.")
        self.pacing = Pacing(
            self.pacing.polls if polls is None else polls,
            self.pacing.latency_ms if latency_ms is None else latency_ms,
        )
        return self.pacing

    def reset_pacing(self) -> None:
        """Back to the configured pacing."""
        self.pacing = self._default_pacing

    # -- generations ----------------------------------------------------------

    def generate(
        self,
        customer_id: int,
        prompt: Prompt,
        aspect_ratio: str | None,
        choices: Choices,
    ) -> Generation:
        """Start a generation of pictures painted from ``prompt`` (seed 0 or less: one
        derived from its words)."""
        text = prompt.text.strip()
        if not text:
            raise InvalidParameter("prompt", "A 'prompt' is required.")
        if len(text) > MAX_PROMPT:
            raise InvalidParameter("prompt", f"'prompt' is longer than {MAX_PROMPT} characters.")
        ratio = aspect_ratio or DEFAULT_ASPECT_RATIO
        if ratio not in ASPECT_RATIOS:
            raise InvalidParameter(
                "aspect_ratio",
                f"Invalid value '{ratio}' for 'aspect_ratio': use one of "
                f"{', '.join(ASPECT_RATIOS)}.",
            )
        checked = replace(
            prompt,
            seed=prompt.seed if prompt.seed > 0 else prompt_seed(text),
            media_type=media_type_named(prompt.media_type),
            mood=mood_named(prompt.mood),
        )
        product = self._product(customer_id, choices.product_id, choices)
        return self._start(customer_id, product, checked, ratio, choices, None)

    def generation(self, customer_id: int, generation_id: str, *, poll: bool) -> Generation:
        """The customer's generation; ``poll``: this request counts as a poll."""
        found = self._own(customer_id, generation_id)
        if poll and not found.ready:
            rows.count_poll(self._engine, t.ai_generations, found.id)
        return found

    def vary(
        self, customer_id: int, generation_id: str, index: int, choices: Choices
    ) -> Generation:
        """Start a generation of variations of image ``index``: its prompt, another seed."""
        parent = self._image(customer_id, generation_id, index)
        product = self._product(customer_id, choices.product_id or parent.product_id, choices)
        seed = (parent.prompt.seed * 31 + index + 1) % 2**31
        prompt = replace(parent.prompt, seed=seed)
        return self._start(
            customer_id, product, prompt, parent.aspect_ratio, choices, (parent.id, index)
        )

    def _start(
        self,
        customer_id: int,
        product: Product,
        prompt: Prompt,
        aspect_ratio: str,
        choices: Choices,
        parent: tuple[str, int] | None,
    ) -> Generation:
        now = self._clock.now()
        pending = self._pending(now)
        row: dict[str, Any] = {
            "id": str(uuid.uuid4()).upper(),
            "customer_id": customer_id,
            "product_id": product.id,
            "parent_id": parent[0] if parent else None,
            "parent_index": parent[1] if parent else None,
            "prompt": prompt.text,
            "negative_prompt": prompt.negative,
            "aspect_ratio": aspect_ratio,
            "media_type": prompt.media_type,
            "mood": prompt.mood,
            "seed": prompt.seed,
            "images": IMAGES_PER_GENERATION,
            "notes": choices.notes,
            "project_code": choices.project_code,
            **rows.pending_columns(pending, now),
        }
        rows.insert_generation(self._engine, row)
        return Generation(
            row["id"],
            customer_id,
            product.id,
            prompt,
            aspect_ratio,
            IMAGES_PER_GENERATION,
            parent,
            pending,
            pending.ready(now),
        )

    # -- sizes and downloads --------------------------------------------------

    def download_sizes(
        self, customer_id: int, generation_id: str, index: int
    ) -> list[DownloadSize]:
        """The sizes image ``index`` downloads at, smallest first."""
        return sizes_of(self._image(customer_id, generation_id, index))

    def download(
        self,
        customer_id: int,
        generation_id: str,
        index: int,
        size_name: str,
        choices: Choices,
        base_url: str,
    ) -> Download:
        """License image ``index`` (its first download is charged to the generation's
        product) and start preparing its file at ``size_name``."""
        found = self._image(customer_id, generation_id, index)
        size = size_named(found, size_name)
        self._license(found, index, size, choices)
        now = self._clock.now()
        pending = self._pending(now)
        row = {
            "generation_id": found.id,
            "image_index": index,
            "size_name": size.name,
            "customer_id": customer_id,
            **rows.pending_columns(pending, now),
        }
        rows.insert_download(self._engine, row)
        return self._answer(found, index, size.name, pending, base_url)

    def poll_download(
        self, customer_id: int, generation_id: str, index: int, base_url: str
    ) -> Download:
        """The latest download of image ``index``, counting this request as a poll."""
        found = self._image(customer_id, generation_id, index)
        latest = rows.latest_download(self._engine, found.id, index)
        if latest is None:
            raise GeneratedDownloadNotFound(
                f"No download of image {index} of generation {found.id} was started: "
                "start one with PUT first."
            )
        download_id, size_name, pending = latest
        answer = self._answer(found, index, size_name, pending, base_url)
        if not answer.ready:
            rows.count_poll(self._engine, t.ai_downloads, download_id)
        return answer

    def redownload(
        self,
        customer_id: int,
        asset_id: str,
        size_name: str,
        choices: Choices,
        base_url: str,
    ) -> Download:
        """A new URL for a generated image the customer downloaded before (free)."""
        named = split_asset_id(asset_id.strip())
        unknown = GeneratedAssetNotFound(f"Generated asset not found: {asset_id}")
        if named is None:
            raise unknown
        try:
            found = self._image(customer_id, *named)
        except NotFound:
            raise unknown from None
        if not self._licensing.downloads.holds_licence(customer_id, found.asset_id(named[1])):
            raise GeneratedAssetNotFound(
                f"Generated asset {asset_id} was never downloaded: download it first."
            )
        size = size_named(found, size_name)
        self._product(customer_id, choices.product_id, choices)
        self._license(found, named[1], size, choices)
        return self._answer(found, named[1], size.name, None, base_url)

    # -- pictures -------------------------------------------------------------

    def preview_url(self, base_url: str, generation: Generation, index: int) -> str:
        asset_id = generation.asset_id(index)
        signature = self._signer.sign("generated", asset_id, "preview")
        return f"{base_url}{DELIVERY_ROUTE}/{asset_id}/preview?sig={signature}"

    def picture(self, asset_id: str, size_name: str, signature: dict[str, str]) -> StoredObject:
        """The stored picture a preview or delivery URL names, once its signature checks out
        (``signature``: the URL's query)."""
        if size_name == "preview":
            if not self._signer.verify(signature.get("sig", ""), "generated", asset_id, "preview"):
                raise InvalidPreviewUrl(
                    "The preview URL's signature is not valid; use URLs exactly as given."
                )
        else:
            self._delivery.verify(
                asset_id, size_name, signature.get("c", ""), signature.get("e", ""),
                signature.get("s", ""),
            )  # fmt: skip
        named = split_asset_id(asset_id)
        found = rows.fetch_generation(self._engine, named[0], self._clock.now()) if named else None
        if found is None or named is None or size_name not in ("preview", *SIZE_SIDES):
            raise GeneratedAssetNotFound(f"Generated asset not found: {asset_id}")
        return self.pictures.stored(Picture(found, named[1], size_name))

    # -- helpers --------------------------------------------------------------

    def _pending(self, now: datetime) -> Pending:
        pacing = self.pacing
        return Pending(pacing.polls, 0, now + timedelta(milliseconds=pacing.latency_ms))

    def _own(self, customer_id: int, generation_id: str) -> Generation:
        wanted = generation_id.strip().upper()
        found = rows.fetch_generation(self._engine, wanted, self._clock.now())
        if found is None or found.customer_id != customer_id:
            raise GenerationNotFound(f"Generation request not found: {generation_id}")
        return found

    def _image(self, customer_id: int, generation_id: str, index: int) -> Generation:
        """The customer's ready generation holding image ``index``."""
        found = self._own(customer_id, generation_id)
        if not found.ready:
            raise GenerationPending(
                f"Generation {found.id} is still pending: poll it until it answers 200."
            )
        if not 0 <= index < found.images:
            raise GeneratedImageNotFound(
                f"Generation {found.id} has no image {index}: its images are 0 to "
                f"{found.images - 1}."
            )
        return found

    def _product(self, customer_id: int, product_id: int | None, choices: Choices) -> Product:
        products = self._licensing.products.products(customer_id)
        product = ai_product(products, product_id, self._clock.now())
        check_generation(product, _requirements(choices))
        return product

    def _license(self, found: Generation, index: int, size: DownloadSize, choices: Choices) -> None:
        products = self._licensing.products.products(found.customer_id)
        product = ai_product(products, found.product_id, self._clock.now())
        license_generated(
            self._licensing.downloads,
            found.customer_id,
            product,
            found.asset_id(index),
            size,
            _requirements(choices),
        )

    def _answer(
        self,
        found: Generation,
        index: int,
        size_name: str,
        pending: Pending | None,
        base_url: str,
    ) -> Download:
        asset_id = found.asset_id(index)
        if pending is not None and not pending.ready(self._clock.now()):
            return Download(asset_id, size_name, False, None)
        url = self._delivery.url(base_url, asset_id, size_name, found.customer_id, DELIVERY_ROUTE)
        return Download(asset_id, size_name, True, url)


def _requirements(choices: Choices) -> DownloadRequirements:
    return DownloadRequirements(download_notes=choices.notes, project_code=choices.project_code)
