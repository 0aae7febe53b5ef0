"""Fixed word lists of the demo catalog: places, collections, names, shared keywords.

Everything here is plain data so that the generator can turn it into lookup
tables once and then pick from them cheaply for each of a million assets.
Place names are real (clients filter by city and country); people, artists,
teams and films are invented.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """A real place; ``tags`` say which subjects can plausibly be shot there."""

    city: str | None
    state_province: str | None
    country: str
    tags: frozenset[str]


def _places(text: str) -> tuple[Place, ...]:
    places = []
    for line in text.strip().splitlines():
        city, state, country, tags = (part.strip() for part in line.split("|"))
        places.append(Place(city or None, state or None, country, frozenset(tags.split())))
    return tuple(places)


# city | state_province | country | tags (city coast mountain countryside desert
# snow savanna forest tropical night)
PLACES = _places("""
New York City | New York | United States | city
London | England | United Kingdom | city
Paris | Île-de-France | France | city
Tokyo | Tokyo | Japan | city
Los Angeles | California | United States | city coast
Chicago | Illinois | United States | city
San Francisco | California | United States | city coast
Toronto | Ontario | Canada | city
Sydney | New South Wales | Australia | city coast
Melbourne | Victoria | Australia | city
Berlin | Berlin | Germany | city
Munich | Bavaria | Germany | city
Madrid | Community of Madrid | Spain | city
Barcelona | Catalonia | Spain | city coast
Rome | Lazio | Italy | city
Milan | Lombardy | Italy | city
Amsterdam | North Holland | Netherlands | city
Hong Kong | | Hong Kong | city
Singapore | | Singapore | city
Dubai | Dubai | United Arab Emirates | city desert
Shanghai | Shanghai | China | city
Beijing | Beijing | China | city
Seoul | | South Korea | city
Mumbai | Maharashtra | India | city
São Paulo | São Paulo | Brazil | city
Rio de Janeiro | Rio de Janeiro | Brazil | city coast
Mexico City | | Mexico | city
Buenos Aires | | Argentina | city
Cape Town | Western Cape | South Africa | city coast
Istanbul | | Turkey | city
Stockholm | | Sweden | city
Copenhagen | | Denmark | city
Vienna | | Austria | city
Prague | | Czech Republic | city
Lisbon | | Portugal | city coast
Dublin | | Ireland | city
Edinburgh | Scotland | United Kingdom | city
Manchester | England | United Kingdom | city
Miami | Florida | United States | city coast tropical
Las Vegas | Nevada | United States | city desert
Washington DC | District of Columbia | United States | city
Cannes | Provence-Alpes-Côte d'Azur | France | city coast
Venice | Veneto | Italy | city
Monte Carlo | | Monaco | city coast
Doha | | Qatar | city desert
Bangkok | | Thailand | city
Nairobi | | Kenya | city
Zermatt | Valais | Switzerland | mountain snow
Banff | Alberta | Canada | mountain snow forest
Queenstown | Otago | New Zealand | mountain
Innsbruck | Tyrol | Austria | mountain snow
Cortina d'Ampezzo | Veneto | Italy | mountain
Puerto Natales | Magallanes | Chile | mountain
Denver | Colorado | United States | mountain city
| | Nepal | mountain
Tromsø | | Norway | mountain snow night
Reykjavík | | Iceland | snow night coast
Rovaniemi | Lapland | Finland | snow night forest
Yellowknife | Northwest Territories | Canada | night snow
Fairbanks | Alaska | United States | night snow forest
Malibu | California | United States | coast
Honolulu | Hawaii | United States | coast tropical
| Bali | Indonesia | coast tropical
Phuket | | Thailand | coast tropical
| | Maldives | coast tropical
Cancún | Quintana Roo | Mexico | coast tropical
| | Seychelles | coast tropical
Oia | South Aegean | Greece | coast
Amalfi | Campania | Italy | coast
St Ives | England | United Kingdom | coast
Lagos | Faro | Portugal | coast
Siena | Tuscany | Italy | countryside
Valensole | Provence-Alpes-Côte d'Azur | France | countryside
Castle Combe | England | United Kingdom | countryside
Napa | California | United States | countryside
Dingle | County Kerry | Ireland | countryside coast
Biei | Hokkaido | Japan | countryside snow
Lisse | South Holland | Netherlands | countryside
Merzouga | | Morocco | desert
Wadi Rum | | Jordan | desert
Sossusvlei | Hardap | Namibia | desert
Sedona | Arizona | United States | desert
San Pedro de Atacama | Antofagasta | Chile | desert
| Narok County | Kenya | savanna
| Mara Region | Tanzania | savanna
| Mpumalanga | South Africa | savanna
| | Botswana | savanna
Freiburg | Baden-Württemberg | Germany | forest
Forks | Washington | United States | forest
Tofino | British Columbia | Canada | forest coast
Stowe | Vermont | United States | forest countryside
Kyoto | Kyoto | Japan | forest city
""")


@dataclass(frozen=True, slots=True)
class CollectionSpec:
    """A Getty-like collection; ``domains`` say which artists supply it."""

    id: int
    code: str
    name: str
    asset_family: str
    license_model: str
    product_types: tuple[str, ...]
    domains: tuple[str, ...]
    share: int  # how likely an artist of one of the domains is to supply it
    staff: bool = False  # credit reads "Artist/Getty Images" rather than "... via Getty Images"


_RF = ("easyaccess", "imagepack", "premiumaccess", "royaltyfreesubscription")
_RM = ("easyaccess", "premiumaccess")
_ED = ("easyaccess", "editorialsubscription", "imagepack", "premiumaccess")

# id, code, name, family, licence model, product types, artist domains, share, staff
COLLECTIONS = tuple(
    CollectionSpec(*row)
    for row in (
        (41, "DV", "DigitalVision", "creative", "royaltyfree", _RF, ("photo",), 12),
        (84, "IMS", "Image Source", "creative", "royaltyfree", _RF, ("photo",), 10),
        (1235, "EPL", "E+", "creative", "royaltyfree", _RF, ("photo", "art"), 18),
        (2049, "MOM", "Moment", "creative", "royaltyfree", _RF, ("photo",), 18),
        (13, "STO", "Stone", "creative", "rightsmanaged", _RM, ("photo",), 5),
        (7, "TIB", "The Image Bank", "creative", "rightsmanaged", _RM, ("photo", "art"), 6),
        (3001, "IST", "iStock", "creative", "royaltyfree", _RF, ("photo", "art"), 30),
        (512, "DVV", "DigitalVision Vectors", "creative", "royaltyfree", _RF, ("art",), 20),
        (1, "GIN", "Getty Images News", "editorial", "rightsmanaged", _ED, ("news",), 20, True),
        (3, "GIS", "Getty Images Sport", "editorial", "rightsmanaged", _ED, ("sport",), 20, True),
        (5, "GIE", "Getty Images Entertainment", "editorial", "rightsmanaged", _ED,
         ("entertainment", "royalty"), 20, True),
        (96, "AFP", "AFP", "editorial", "rightsmanaged", _ED, ("news", "sport", "entertainment"),
         12),
        (171, "WIR", "WireImage", "editorial", "rightsmanaged", _ED, ("entertainment", "royalty"),
         10),
        (59, "HUL", "Hulton Archive", "editorial", "rightsmanaged", _ED, ("archive",), 1, True),
    )
)  # fmt: skip

FIRST_NAMES = (
    "Ada Adrian Aiko Alba Alec Amara Anders Anika Arjun Astrid Beatrix Bruno Caleb Camille "
    "Carmen Cecilia Dario Delia Dmitri Elena Elias Elif Emeka Enzo Esme Farah Felix Freya "
    "Gabriel Greta Hana Hugo Ines Isaac Ivy Jasper Joaquin Jonas Julia Kai Kamala Keiko Lars "
    "Leila Leon Lina Lorenzo Lucia Mateo Maya Milan Mira Nadia Nico Nora Olga Omar Oscar "
    "Paloma Priya Quentin Rafael Ravi Rosa Ruben Sana Santiago Selma Sofia Stellan Talia "
    "Theo Tomas Uma Valeria Viggo Wren Yara Yusuf Zara Zoltan"
).split()

LAST_NAMES = (
    "Abara Alvarez Anand Arden Bakker Balogun Bellweather Brandt Castellano Chen Corrigan "
    "Dalca Delacroix Duarte Eriksen Esposito Falk Fontaine Garrow Halvorsen Haddad Ibarra "
    "Ivanova Jansen Kaur Keller Kowalczyk Lacroix Lindqvist Marchetti Mbeki Moreau Nakamura "
    "Novak Okafor Oyelaran Pellegrini Quist Ramires Rasmussen Rinaldi Sato Schreiber Serrano "
    "Silvestri Soto Strand Takeda Tanaka Thorne Ueda Valdez Varga Vesely Walcott Weiss "
    "Whitlock Yilmaz Zadeh Zielinski"
).split()

ROYALS = (
    "King Frederik of Norland", "Queen Amalia of Norland", "Prince Leopold of Norland",
    "Princess Sofia of Norland", "King Alexander of Valdoria", "Queen Victoria of Valdoria",
    "Prince Constantin of Valdoria", "Princess Isabella of Valdoria", "Duke Henrik of Eastmarch",
    "Duchess Charlotte of Eastmarch", "Prince Maximilian of Aldoria",
    "Princess Beatrix of Aldoria", "Queen Margarethe of Aldoria", "Prince Oskar of Severin",
    "Princess Elena of Severin", "Duke Anton of Severin",
)  # fmt: skip
ARCHIVE_AGENCIES = (
    "Central Press Bureau", "Evening Courier", "Harbour Photo Agency", "Picture Post Studio",
    "Northern Newsreel", "Metro Photo Service", "Coastline Photographers", "Daily Chronicle",
)  # fmt: skip

# Shared keywords: (text, Getty keyword type).
STYLE_KEYWORDS = (
    "Modern", "Retro Style", "Minimalism", "Vibrant Color", "Pastel Colored", "Vintage",
    "Elegance", "Simplicity", "Contemporary", "Dramatic Sky",
)  # fmt: skip
CONCEPT_KEYWORDS = (
    "Beauty", "Freedom", "Success", "Relaxation", "Lifestyles", "Happiness", "Togetherness",
    "Journey", "Inspiration", "Serenity",
)  # fmt: skip
COMPOSITION_KEYWORDS = (
    "Photography", "Illustration", "Vector", "Painting", "Black And White", "Copy Space",
    "Close-up", "Full Frame", "Outdoors", "Indoors", "Color Image", "Horizontal", "Vertical",
    "Square", "Panoramic",
)  # fmt: skip
PEOPLE_KEYWORDS = (
    "No People", "One Person", "Two People", "Group Of People", "Women", "Men", "Adult",
    "Young Adult", "Child", "Teenager", "Baby", "Mature Adult", "Senior Adult", "Celebrities",
)  # fmt: skip

# Age profiles: a broad age group with the brackets a person of that group can carry.
AGE_BRACKETS: dict[str, tuple[str, ...]] = {
    "newborn": ("0-1_months",),
    "baby": ("2-5_months", "6-11_months", "12-17_months", "18-23_months"),
    "child": ("2-3_years", "4-5_years", "6-7_years", "8-9_years", "10-11_years"),
    "teenager": ("12-13_years", "14-15_years", "16-17_years", "18-19_years"),
    "young_adult": ("18-19_years", "20-24_years", "20-29_years", "25-29_years"),
    "adult": ("30-34_years", "30-39_years", "35-39_years", "40-44_years", "40-49_years"),
    "mature_adult": ("45-49_years", "50-54_years", "50-59_years", "55-59_years"),
    "senior_adult": (
        "60-64_years", "60-69_years", "65-69_years", "70-79_years", "80-89_years",
        "90_plus_years", "100_over",
    ),
}  # fmt: skip
ADULT_GROUPS = ("young_adult", "adult", "mature_adult", "senior_adult")
AGE_KEYWORD = {
    "newborn": "Baby", "baby": "Baby", "child": "Child", "teenager": "Teenager",
    "young_adult": "Young Adult", "adult": "Adult", "mature_adult": "Mature Adult",
    "senior_adult": "Senior Adult",
}  # fmt: skip
AGE_NOUNS = {
    "newborn": ("newborn baby", "newborn baby"), "baby": ("baby girl", "baby boy"),
    "child": ("girl", "boy"), "teenager": ("teenage girl", "teenage boy"),
    "young_adult": ("young woman", "young man"), "adult": ("woman", "man"),
    "mature_adult": ("mature woman", "mature man"), "senior_adult": ("senior woman", "senior man"),
}  # fmt: skip

ARTIST_TITLES = {
    "photo": ("Photographer", "Contributor"),
    "art": ("Illustrator", "Artist"),
    "news": ("Staff", "Photographer", "Stringer"),
    "sport": ("Staff", "Photographer"),
    "entertainment": ("Staff", "Photographer", "Contributor"),
    "royalty": ("Staff", "Photographer"),
    "archive": ("Staff", "Stringer"),
}

TIMES_OF_DAY = ("sunrise", "dawn", "dusk", "sunset", "midday", "twilight", "golden hour")

CREATIVE_USE = "Available for all permitted uses under our License Terms."
EDITORIAL_USE = (
    "This image can be used for editorial purposes only. Editorial images cannot be used "
    "for advertising or commercial purposes."
)
CREATIVE_EDITORIAL_USE = "Available for editorial uses."
RESTRICTIONS = (
    "Contact your local office for all commercial or promotional uses.",
    "Full editorial rights UK, US, Ireland, Italy, Canada (not Quebec). Restricted "
    "editorial rights for daily newspapers elsewhere, please call.",
    "Editorial use only. No commercial use.",
    "Not available for use in advertising or merchandising.",
)
