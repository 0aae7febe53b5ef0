"""What demo pictures show: each subject's words, colours and drawing recipe.

A subject ties an asset's metadata to its pixels: the generator writes the
subject's name as the asset's most relevant keyword and takes the dominant
colour from the subject's palette; the renderer finds the subject again from
that keyword and paints with the same palette.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Subject:
    name: str  # also a Subject keyword, unique to this subject
    recipe: str  # drawing function in photobank.demo.paint
    dominants: tuple[str, ...]  # hex colours that may cover most of the picture
    details: tuple[str, ...]  # hex colours of the smaller parts
    subjects: tuple[str, ...]  # Subject keywords
    concepts: tuple[str, ...]  # Concept keywords
    titles: tuple[str, ...]  # templates: {who}, {time}
    people: str = "never"  # never | sometimes | always
    places: str = ""  # a vocab.Place tag; "" = studio, no location
    styles: tuple[int, int, int, int] = (86, 6, 5, 3)  # photo, illustration, vector, fine art
    weight: int = 10
    compositions: tuple[str, ...] = ()
    kids: bool = False  # children and babies may appear
    nudity: bool = False  # a rare asset of this subject may be flagged for nudity
    bw: float = 0.06  # share shot in black and white
    event_kind: str | None = None  # editorial subjects: the kind of event covered


def subject(
    name: str, recipe: str, colours: str, words: str, titles: str, **options: Any
) -> Subject:
    """A :class:`Subject` from compact text: ``colours`` = "dominants | details",
    ``words`` = "subject keywords | concept keywords", ``titles`` split on ";"."""
    dominant, _, detail = colours.partition("|")
    things, _, ideas = words.partition("|")
    return Subject(
        name,
        recipe,
        tuple(dominant.split()),
        tuple(detail.split()),
        tuple(w.strip() for w in things.split(",") if w.strip()),
        tuple(w.strip() for w in ideas.split(",") if w.strip()),
        tuple(t.strip() for t in titles.split(";") if t.strip()),
        **options,
    )


_S = subject
_NATURE = "Beauty In Nature, Nature, Non-Urban Scene, Tranquil Scene, Scenics - Nature"
_ART = (20, 38, 30, 12)

CREATIVE = (
    _S("Mountain Lake", "lake", "7fb2e5 f2b880 9d8ec4 a9cce3 | 2f3e46 52677a f1f5f9 3d6e8c ffd166",
       f"Mountain, Lake, Snowcapped Mountain, Reflection, Water | {_NATURE}, Idyllic",
       "Mountain lake at {time}; Calm alpine lake beneath snowy peaks; Reflection of "
       "mountains in a still lake; {who} hiking beside a mountain lake",
       people="sometimes", places="mountain", weight=14, compositions=("copy_space",)),
    _S("Mountain Range", "mountains", "8ecae6 e9c46a cdb4db 6d9dc5 | 3a4f41 2f3e46 f1f5f9 "
       "6b705c ffd166", f"Mountain, Mountain Peak, Mountain Range, Sky | {_NATURE}, Adventure",
       "Mountain range at {time}; Snowy peaks under a clear sky; Layers of mountain ridges; "
       "{who} on a mountain summit", people="sometimes", places="mountain", weight=12),
    _S("City Skyline At Night", "skyline", "1b2a49 24164a 0f1c2e 2a1b3d | ffd166 2b2d42 "
       "3d405b e0e1dd f77f00", "City, Skyline, Skyscraper, Urban Skyline, Night, Illuminated "
       "| Urban Scene, Cityscape, Travel Destinations, Architecture",
       "City skyline at night; Illuminated skyscrapers after dark; Downtown lights at "
       "{time}", places="city", weight=14, compositions=("full_frame",)),
    _S("Downtown Skyline", "skyline", "9ecae1 c9e4f5 f6c89f | 3d5a80 98c1d9 293241 e0fbfc",
       "City, Skyline, Skyscraper, Downtown District, Sky | Urban Scene, Cityscape, Built "
       "Structure, Business", "Downtown skyline on a clear day; Skyscrapers of the financial "
       "district; City skyline at {time}", places="city", weight=10),
    _S("Beach Sunset", "seascape", "f4a261 e76f51 f6bd60 ee9b7b | 264653 ffe8a3 e9c46a 6d597a",
       f"Beach, Sunset, Sea, Sun, Horizon Over Water | {_NATURE}, Romance, Vacations",
       "Sunset over the beach; Golden sun sinking into the sea; {who} watching the sunset on "
       "the beach; Beach at {time}", people="sometimes", places="coast", weight=14,
       nudity=True),
    _S("Tropical Beach", "seascape", "4cc9f0 90e0ef 8fd3fe | 00b4d8 fefae0 f1dca7 2d6a4f",
       f"Beach, Tropical Climate, Palm Tree, Sand, Turquoise Colored | {_NATURE}, Vacations, "
       "Idyllic, Summer", "Tropical beach with palm trees; Turquoise water and white sand; "
       "{who} relaxing on a tropical beach", people="sometimes", places="tropical", weight=12,
       nudity=True, kids=True),
    _S("Ocean Waves", "waves", "1d6fa3 0077b6 2a6f97 468faf | caf0f8 ade8f4 023e8a ffffff",
       f"Sea, Wave, Water, Surf, Coastline | {_NATURE}, Power In Nature, Motion",
       "Waves breaking on the shore; Turquoise ocean wave; Rolling surf at {time}",
       places="coast", weight=9, compositions=("full_frame",)),
    _S("Forest", "forest", "2d6a4f 40916c 1b4332 52796f | 5c4033 d8f3dc a8dadc 74c69d",
       f"Forest, Tree, Woodland, Green Color, Sunbeam | {_NATURE}, Environment",
       "Sunlight through a green forest; Tall trees in a misty forest; {who} walking in the "
       "woods", people="sometimes", places="forest", weight=12),
    _S("Autumn Forest", "forest", "bc6c25 dda15e 9c2c13 c1783d | 5c4033 fefae0 606c38 f4a261",
       f"Autumn, Forest, Tree, Leaf, Orange Color | {_NATURE}, Change, Season",
       "Autumn colours in the forest; Orange leaves on a woodland path; Fall foliage at "
       "{time}", people="sometimes", places="forest", weight=9),
    _S("Countryside", "hills", "6a994e a7c957 7cb518 | bde0fe 386641 f2e8cf fefae0",
       f"Rural Scene, Field, Hill, Farm, Meadow | {_NATURE}, Agriculture, Idyllic",
       "Rolling green hills; Farmland in the countryside at {time}; Green fields and a lone "
       "tree", places="countryside", weight=11, compositions=("copy_space",)),
    _S("Wheat Field", "hills", "e9c46a dda15e d4a373 | 8ecae6 bc6c25 fefae0 606c38",
       f"Wheat, Field, Cereal Plant, Crop - Plant, Summer | {_NATURE}, Agriculture, Growth",
       "Golden wheat field at {time}; Ripe wheat under a blue sky; {who} walking through a "
       "wheat field", people="sometimes", places="countryside", weight=8),
    _S("Desert Dunes", "dunes", "e5a96b d4a373 c97c5d e9b872 | 90e0ef 9c6644 fefae0 7f5539",
       f"Desert, Sand Dune, Sand, Arid Climate, Sky | {_NATURE}, Remote Location, Heat",
       "Sand dunes in the desert at {time}; Ripples on a desert dune; {who} crossing the "
       "desert", people="sometimes", places="desert", weight=8),
    _S("Winter Landscape", "snow", "eef4f8 dfe7ee e3eaf2 | 6c8ead 2f3e46 a9bcd0 ffffff",
       f"Snow, Winter, Cold Temperature, Frost, Tree | {_NATURE}, Season, Tranquility",
       "Snowy landscape at {time}; Frosted trees in winter; {who} walking in fresh snow",
       people="sometimes", places="snow", weight=9, kids=True),
    _S("Northern Lights", "night_sky", "0b132b 10142c 1c2541 | 3ddc97 7b2cbf ffffff 3a506b",
       f"Aurora Borealis, Night, Sky, Star - Space, Illuminated | {_NATURE}, Majestic, "
       "Astronomy", "Northern lights over the snow; Aurora borealis dancing in the night sky; "
       "Green aurora above the mountains", places="night", weight=8, compositions=("sparse",)),
    _S("Starry Night Sky", "night_sky", "0d1b2a 14213d 1b263b | e0e1dd ffd60a 415a77 778da9",
       f"Star - Space, Milky Way, Night, Sky, Galaxy | {_NATURE}, Astronomy, Space",
       "Milky Way over the landscape; Stars in the night sky; Long exposure of the starry "
       "sky", places="desert", weight=6),
    _S("Cat", "animal", "e8dcc8 cdd5e0 f1e3d3 d8e2dc | f4a261 3d3d3d a0a0a0 90be6d fefae0",
       "Domestic Cat, Pets, Animal, Kitten, Whisker | Cute, Domestic Life, Curiosity",
       "Cat relaxing at home; Portrait of a curious cat; Kitten looking at camera; {who} "
       "playing with a cat", people="sometimes", weight=12, kids=True,
       compositions=("close_up", "looking_at_camera")),
    _S("Dog", "animal", "a7c957 dfe7fd e9edc9 ccd5ae | c68b59 3b2f2f f2e8cf 6b4226 ffffff",
       "Dog, Pets, Animal, Puppy, Canine | Loyalty, Friendship, Domestic Life, Cute",
       "Happy dog in the park; Puppy running on grass; {who} walking a dog; Portrait of a "
       "dog", people="sometimes", weight=12, kids=True),
    _S("Horse", "horse", "84a98c 9fb99a b7c9a8 | 6f4e37 3e2723 f5f5dc 52796f",
       "Horse, Animal, Mammal, Mane, Pasture | Freedom, Strength, Rural Scene",
       "Horse grazing in a pasture; Horse galloping at {time}; {who} riding a horse",
       people="sometimes", places="countryside", weight=6),
    _S("Elephant", "elephant", "d9b26f c9a66b e0c38c | 7d7d7d 4a4a4a 6b8e23 87ceeb",
       "African Elephant, Animal, Animal Wildlife, Safari Animals, Savannah | Endangered "
       "Species, Wilderness, Travel Destinations", "Elephant on the savannah; Herd of "
       "elephants at {time}; African elephant walking", places="savanna", weight=6),
    _S("Birds", "birds", "a9d6e5 cfe1f2 f8edeb | 2b2d42 e63946 ffb703 588157 8d99ae",
       "Bird, Animal, Flying, Wing, Tree Branch | Freedom, Wildlife, Nature",
       "Bird perched on a branch; Flock of birds flying at {time}; Small bird in spring",
       places="forest", weight=7),
    _S("Coffee Cup", "cup", "6f4e37 e7dccd 8b5e3c d6ccc2 | f8f9fa 4a2c2a 3e2723 dda15e",
       "Coffee - Drink, Coffee Cup, Cafe, Table, Drink | Relaxation, Morning, Break",
       "Cup of coffee on a wooden table; Morning coffee; Cappuccino with latte art; {who} "
       "holding a cup of coffee", people="sometimes", weight=10,
       compositions=("close_up", "still_life", "copy_space")),
    _S("Healthy Food", "food", "f1faee d8e2dc eef0eb | 52b788 e63946 ffb703 6a4c93 fefae0",
       "Food, Vegetable, Salad, Fruit, Plate | Healthy Eating, Freshness, Vegetarian Food",
       "Healthy salad bowl; Fresh vegetables on a table; Colourful plate of food; {who} "
       "eating a healthy meal", people="sometimes", weight=10,
       compositions=("still_life", "close_up"), styles=(80, 10, 7, 3)),
    _S("Breakfast", "food", "fff3e0 f6e7cb e9d8a6 | d4a373 ffb703 e76f51 6f4e37 ffffff",
       "Breakfast, Food, Bread, Egg, Orange Juice | Morning, Healthy Eating, Domestic Life",
       "Breakfast table in the morning; Eggs and toast for breakfast; {who} having breakfast",
       people="sometimes", weight=7, kids=True, compositions=("still_life",)),
    _S("Red Wine", "glass", "2b2d42 3d2c2e 1f1b24 | 7b1e3a a4133c f8f9fa 6c584c",
       "Wine, Red Wine, Wineglass, Bottle, Alcohol - Drink | Celebration, Luxury, Elegance",
       "Glass of red wine; Red wine pouring into a glass; Wine bottle and glasses",
       weight=6, compositions=("still_life", "close_up")),
    _S("Flowers", "flowers", "fde2e4 e2ece9 cddafd fff1e6 | e56b6f ffb4a2 b5838d ffd166 588157",
       "Flower, Blossom, Petal, Bouquet, Springtime | Beauty, Freshness, Fragility",
       "Bouquet of spring flowers; Close-up of a blossom; Pink flowers on a pastel background",
       weight=12, styles=(70, 12, 12, 6), compositions=("close_up", "macro", "copy_space")),
    _S("Tulip Field", "meadow", "7cb518 6a994e 80b918 | 9ecae1 e63946 ffb703 ff70a6 fefae0",
       f"Tulip, Flower, Field, Flowerbed, Springtime | {_NATURE}, Vibrant Color",
       "Rows of colourful tulips; Tulip fields in spring; {who} in a field of tulips",
       people="sometimes", places="countryside", weight=7),
    _S("Business Meeting", "figures", "d9e2ec e9ecef cfd8dc dee2e6 | 1d3557 457b9d 343a40 "
       "adb5bd 8d5524 f1c27d", "Business Meeting, Office, Business Person, Laptop, Teamwork "
       "| Business, Cooperation, Communication, Corporate Business, Success",
       "{who} in a business meeting; {who} discussing a project in the office; {who} "
       "working together at a conference table", people="always", weight=16,
       compositions=("waist_up", "candid")),
    _S("Working From Home", "figures", "e9edc9 f1e3d3 e5e5e5 | 588157 264653 ffb703 c68642 "
       "f1c27d 3d405b", "Working From Home, Laptop, Home Office, Desk, Technology | "
       "Freelance Work, Lifestyles, Domestic Life, Concentration",
       "{who} working from home; {who} on a video call at home; {who} using a laptop at the "
       "kitchen table", people="always", weight=11, compositions=("waist_up", "candid")),
    _S("Family At Home", "figures", "f3e9dc ede0d4 e6ccb2 | 9c6644 7f5539 e07a5f 81b29a "
       "8d5524 f1c27d", "Family, Home Interior, Living Room, Parent, Child | Togetherness, "
       "Love - Emotion, Domestic Life, Happiness", "{who} relaxing at home; {who} together "
       "on the sofa; {who} laughing in the living room", people="always", weight=13,
       kids=True, compositions=("candid", "full_length")),
    _S("Friends Outdoors", "figures", "a3b18a b5c99a cce3de | 3a5a40 e76f51 f4a261 2a9d8f "
       "8d5524 f1c27d", "Friendship, Park, Summer, Smiling, Outdoors | Happiness, "
       "Togetherness, Lifestyles, Enjoyment", "{who} having fun in the park; {who} laughing "
       "together outdoors; {who} enjoying a summer picnic", people="always",
       places="city", weight=12, nudity=True, compositions=("candid", "three_quarter_length")),
    _S("Studio Portrait", "portrait", "d6d6d6 2b2d42 f1c0a8 a8dadc | 3d405b e07a5f 1d3557 "
       "8d5524 f1c27d ffffff", "Portrait, Studio Shot, Face, Human Face, Posing | Confidence, "
       "Beauty, Individuality", "Portrait of {who}; Studio portrait of {who}; {who} looking "
       "at camera", people="always", weight=14, kids=True, nudity=True, bw=0.2,
       compositions=("portrait", "headshot", "looking_at_camera")),
    _S("Yoga Class", "figures", "e0f2f1 fde4cf f8edeb | 2a9d8f e76f51 6d597a ffb4a2 8d5524 "
       "f1c27d", "Yoga, Exercising, Exercise Mat, Stretching, Gym | Healthy Lifestyle, "
       "Wellbeing, Relaxation, Balance", "{who} practising yoga; {who} in a yoga class; "
       "{who} stretching on a mat", people="always", weight=9, nudity=True,
       compositions=("full_length",)),
    _S("Doctor", "figures", "e3f2fd f1faee e9f5f2 | 48cae4 0077b6 ffffff 2b2d42 8d5524 "
       "f1c27d", "Doctor, Hospital, Healthcare Worker, Stethoscope, Patient | Healthcare "
       "And Medicine, Medical Exam, Care", "{who} at the hospital; {who} talking with a "
       "patient; {who} in a medical clinic", people="always", weight=10,
       compositions=("waist_up",)),
    _S("Classroom", "figures", "fefae0 faedcd f5ebe0 | 2f5d50 bc6c25 264653 e9c46a 8d5524 "
       "f1c27d", "Classroom, Student, Teacher, School Building, Book | Education, Learning, "
       "Childhood", "{who} in a classroom; {who} learning at school; {who} reading together",
       people="always", weight=8, kids=True, compositions=("candid",)),
    _S("Modern Architecture", "facade", "cfd8dc e0e0e0 b0bec5 d6dfe6 | 9ecae1 37474f 78909c "
       "eceff1", "Architecture, Building Exterior, Modern, Glass - Material, Built Structure "
       "| Design, Futuristic, Urban Scene", "Modern building facade; Glass and steel "
       "architecture; Abstract view of an office building", places="city", weight=10,
       styles=(78, 8, 10, 4), compositions=("full_frame", "abstract")),
    _S("Historic Cathedral", "cathedral", "d4c5a9 e6d8b8 cbb994 | 9ecae1 6b4f3a 8a7560 "
       "f2efe9", "Cathedral, Church, Gothic Style, Old, Famous Place | History, Religion, "
       "Travel Destinations, Architecture", "Historic cathedral at {time}; Gothic church "
       "facade; Old town cathedral", places="city", weight=7, bw=0.12),
    _S("City Street", "street", "6c757d 8d99ae 495057 adb5bd | e63946 ffb703 2b2d42 f8f9fa "
       "ffd166", "City Street, Street, Car, Traffic, Building Exterior | City Life, "
       "Urban Scene, Transportation, Commuter", "Busy city street at {time}; {who} crossing "
       "a city street; Traffic in downtown", people="sometimes", places="city", weight=11,
       bw=0.1),
    _S("Abstract Pattern", "pattern", "264653 2a9d8f e9c46a f4a261 e76f51 3a86ff 8338ec "
       "ff006e | ffffff 1d3557 fefae0 ffbe0b", "Pattern, Geometric Shape, Abstract, "
       "Backgrounds, Repetition | Design, Creativity, Modern", "Geometric pattern background; "
       "Seamless abstract pattern; Colourful repeating shapes", weight=12, styles=_ART,
       compositions=("abstract", "full_frame")),
    _S("Abstract Shapes", "abstract", "ffcad4 cdb4db bde0fe a2d2ff ffafcc 14213d | fca311 "
       "e63946 2a9d8f ffffff 3a0ca3", "Abstract, Shape, Backgrounds, Circle, Curve | "
       "Creativity, Art, Imagination", "Abstract shapes on a pastel background; Colourful "
       "abstract composition; Flowing curves and circles", weight=12, styles=_ART,
       compositions=("abstract", "copy_space")),
    _S("Data Network", "network", "0d1b2a 1b263b 10002b | 00b4d8 90e0ef 7209b7 f72585 e0e1dd",
       "Technology, Network Connection, Data, Digitally Generated Image, Internet | "
       "Connection, Futuristic, Global Communications", "Abstract data network; Glowing "
       "connections on a dark background; Digital technology background", weight=10,
       styles=(30, 35, 30, 5), compositions=("abstract", "full_frame")),
    _S("Wood Texture", "texture", "a47148 d4a373 8b5e34 c8a27a | 6f4518 583101 ffe6a7",
       "Wood - Material, Textured, Plank, Backgrounds, Brown | Natural Pattern, Rough",
       "Wooden texture background; Old wooden planks; Close-up of wood grain", weight=6,
       compositions=("full_frame", "close_up", "copy_space")),
    _S("Christmas Lights", "bokeh", "1a1423 231942 2d1e2f 0b3d20 | ffd166 ef476f 06d6a0 "
       "ffffff f8961e", "Christmas Lights, Defocused, Illuminated, Christmas, Glowing | "
       "Celebration, Holiday - Event, Winter, Magic", "Christmas lights bokeh; Festive "
       "lights background; {who} holding sparklers", people="sometimes", weight=7,
       kids=True, compositions=("copy_space",)),
    _S("Coral Reef", "underwater", "0077b6 0096c7 023e8a 00b4d8 | ff7b00 ffd60a ff5d8f "
       "90e0ef caf0f8", f"Coral, Reef, Underwater, Fish, Sea Life | {_NATURE}, Biodiversity",
       "Colourful coral reef; Tropical fish swimming underwater; {who} snorkelling over a "
       "reef", people="sometimes", places="tropical", weight=7),
)  # fmt: skip
