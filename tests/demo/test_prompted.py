"""Pictures painted from prompts: the subject the words name, the same pixels for the
same prompt and seed, and the shape and mood asked for."""

from __future__ import annotations

import numpy as np

from photobank.demo.prompted import Prompt, paint_prompt, prompt_seed, shape, subject_for


def test_the_prompt_words_choose_the_subject() -> None:
    assert subject_for(Prompt("A mountain lake at dawn", None, 1)).name == "Mountain Lake"
    assert subject_for(Prompt("horses", None, 1)).name == "Horse"
    unwanted = subject_for(Prompt("a mountain lake", "mountain", 1))
    assert unwanted.name != "Mountain Lake"
    # Ties and unknown words are settled by the words, not the seed: variations match.
    assert subject_for(Prompt("zzz qqq", None, 1)) == subject_for(Prompt("zzz qqq", None, 2))


def test_same_prompt_seed_and_index_paint_the_same_pixels() -> None:
    prompt = Prompt("a cup of coffee", None, 77, "illustration", "warm")
    first = paint_prompt(prompt, 1, "4:3", 200)
    assert first.tobytes() == paint_prompt(prompt, 1, "4:3", 200).tobytes()
    assert first.tobytes() != paint_prompt(prompt, 2, "4:3", 200).tobytes()
    reseeded = Prompt("a cup of coffee", None, 78, "illustration", "warm")
    assert first.tobytes() != paint_prompt(reseeded, 1, "4:3", 200).tobytes()
    assert prompt_seed("coffee cup") == prompt_seed("cup, coffee") < 2**31


def test_shape_and_mood() -> None:
    assert shape("16:9", 1024) == (1024, 576)
    assert shape("3:4", 4096) == (3072, 4096)
    image = paint_prompt(Prompt("a forest", None, 5, mood="black_and_white"), 0, "9:16", 300)
    assert image.size == (169, 300)
    pixels = np.asarray(image, np.int16)
    assert (pixels[:, :, 0] == pixels[:, :, 1]).all() and (pixels[:, :, 1] == pixels[:, :, 2]).all()
