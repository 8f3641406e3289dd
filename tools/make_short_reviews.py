"""Write the course's short reviews (data/reviews/short_*.tsv) from phrase lists, reproducibly.

    python -m tools.make_short_reviews          # rewrites the three files
    python -m tools.make_short_reviews --check  # exits 1 if the files differ from what it would write

The phrase lists below were written for the course. Each review is drawn from a
sentence frame (a plain statement, a negation, an intensified adjective, a
contrast whose second clause carries the verdict, a comparison, a verdict) and
a domain's nouns, adjectives and facts, with NumPy's ``default_rng(SEED)``.
A candidate is kept only if it is 3 to 12 words long and shares at most
``MAX_JACCARD`` of its word set with every review kept before it and with every
review of the original corpus (``data/reviews/{train,validation,test}.tsv``),
so no two reviews are near-duplicates. The kept reviews are split 70/15/15,
stratified by domain and label, with ``default_rng(SEED)``.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import numpy as np

SEED = 2026
PER_DOMAIN_AND_LABEL = 160  # 11 domains x 2 labels x 160 = 3,520 reviews
MAX_JACCARD = 0.5
MAX_TRIES = 400_000
ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "reviews"
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")

# Each domain: nouns (singular or plural, the verb agrees), what one calls the thing as a whole,
# verbs for "would ... again", adjectives a reader takes as praise or complaint (predicative and
# attributive), and whole facts that carry a verdict.
DOMAINS: dict[str, dict[str, list[str]]] = {
    "food": {
        "nouns": ["food", "pizza", "soup", "pasta", "burger", "curry", "salad", "steak", "coffee", "dessert",
                  "bread", "fries", "noodles", "waiter", "menu", "portions", "chips", "pancakes", "sushi", "cake"],
        "things": ["this restaurant", "this cafe", "this place", "this takeaway", "this bistro", "this diner"],
        "again": ["eat here", "order from them", "come back", "book a table here"],
        "pos": ["delicious", "tasty", "fresh", "hot", "perfectly cooked", "generous", "flavourful", "crispy",
                "juicy", "homemade", "good value", "quick", "friendly", "lovely", "mouth-watering", "spot on"],
        "neg": ["cold", "bland", "greasy", "stale", "overcooked", "burnt", "soggy", "tasteless", "raw",
                "undercooked", "salty", "overpriced", "tiny", "rude", "slow", "lukewarm", "dry", "chewy"],
        "pos_facts": ["the portions were huge", "the waiter was so attentive", "our food came quickly",
                      "every dish was full of flavour", "the chef clearly cares", "the staff were lovely to us",
                      "we cleared our plates", "the kids loved their meals", "the coffee was perfect"],
        "neg_facts": ["we waited an hour for our food", "the waiter ignored us", "my soup arrived cold",
                      "the portions were tiny", "the service was painfully slow", "they got our order wrong",
                      "the bill was a rip-off", "there was a hair in my salad", "the table was sticky",
                      "the chicken was still pink", "the staff were rude to us", "I got food poisoning"],
    },
    "hotels": {
        "nouns": ["room", "bed", "bathroom", "staff", "breakfast", "pool", "view", "reception", "hotel",
                  "shower", "towels", "pillows", "lobby", "balcony", "sheets", "wifi", "location", "spa"],
        "things": ["this hotel", "this hostel", "this resort", "this guesthouse", "this inn", "this B&B"],
        "again": ["stay here", "book this hotel", "stay with them"],
        "pos": ["spotless", "comfortable", "spacious", "quiet", "cosy", "clean", "modern", "welcoming",
                "helpful", "bright", "relaxing", "stunning", "central", "peaceful", "charming", "fresh"],
        "neg": ["dirty", "noisy", "cramped", "smelly", "mouldy", "shabby", "filthy", "damp", "tiny",
                "unhelpful", "stained", "run-down", "freezing", "stuffy", "overpriced", "grubby", "dated"],
        "pos_facts": ["the staff upgraded our room", "we slept like babies", "the bed was so comfy",
                      "breakfast had everything we wanted", "reception sorted everything for us",
                      "the view from our balcony was amazing", "housekeeping did a brilliant job"],
        "neg_facts": ["the walls were paper thin", "the shower kept going cold", "there was mould in the bathroom",
                      "reception lost our booking", "the air conditioning never worked",
                      "we found hair on the sheets", "the room smelled of smoke", "nobody cleaned our room",
                      "the noise kept us awake all night", "the lift was broken all week"],
    },
    "films": {
        "nouns": ["film", "movie", "plot", "ending", "acting", "cast", "script", "soundtrack", "dialogue",
                  "sequel", "lead actor", "story", "special effects", "director", "jokes", "characters"],
        "things": ["this film", "this movie", "this sequel", "this documentary", "this comedy", "this thriller"],
        "again": ["watch it", "see it", "sit through it"],
        "pos": ["gripping", "moving", "hilarious", "brilliant", "beautiful", "clever", "powerful", "thrilling",
                "touching", "funny", "superb", "stunning", "tense", "original", "heartwarming", "witty"],
        "neg": ["boring", "predictable", "dull", "wooden", "confusing", "clichéd", "pointless", "slow",
                "forgettable", "unconvincing", "silly", "flat", "cheesy", "lifeless", "tedious", "bloated"],
        "pos_facts": ["I laughed all the way through", "it kept me on the edge of my seat",
                      "the whole cinema clapped at the end", "I cried at the ending", "the cast is perfect",
                      "every scene looks gorgeous", "I want to watch it again"],
        "neg_facts": ["I fell asleep halfway through", "we walked out after an hour", "nothing happens for two hours",
                      "the twist made no sense", "the jokes fell flat", "the acting was painful to watch",
                      "the ending ruined it", "it dragged on forever", "I checked my phone constantly"],
    },
    "books": {
        "nouns": ["book", "novel", "story", "characters", "writing", "author", "chapters", "ending",
                  "translation", "plot", "prose", "memoir", "cookbook", "guide", "illustrations", "sequel"],
        "things": ["this book", "this novel", "this memoir", "this cookbook", "this series", "this author"],
        "again": ["read it", "buy this author", "pick it up"],
        "pos": ["engaging", "beautifully written", "gripping", "insightful", "charming", "thoughtful",
                "well researched", "moving", "funny", "vivid", "clever", "inspiring", "wise", "compelling"],
        "neg": ["tedious", "badly written", "shallow", "dull", "repetitive", "confusing", "predictable",
                "preachy", "slow", "dry", "clumsy", "flat", "long-winded", "disappointing", "lifeless"],
        "pos_facts": ["I could not put it down", "I read it in one sitting", "the characters feel real",
                      "every recipe worked first time", "I learned so much from it", "the last chapter made me cry",
                      "I have recommended it to all my friends"],
        "neg_facts": ["I gave up after fifty pages", "it is full of typos", "the pages fell out",
                      "the characters are paper thin", "the ending was rushed", "half the recipes did not work",
                      "nothing happens until the last chapter", "the translation is awful"],
    },
    "gadgets": {
        "nouns": ["phone", "laptop", "charger", "headphones", "battery", "screen", "speaker", "camera",
                  "keyboard", "tablet", "mouse", "earbuds", "smartwatch", "printer", "kettle", "blender", "cable"],
        "things": ["this phone", "this laptop", "this gadget", "these headphones", "this speaker", "this printer"],
        "again": ["buy it", "buy from this brand", "order it"],
        "pos": ["fast", "reliable", "sharp", "solid", "lightweight", "powerful", "sleek", "responsive",
                "crisp", "sturdy", "quiet", "handy", "brilliant", "well built", "easy to use", "excellent"],
        "neg": ["flimsy", "laggy", "faulty", "useless", "unreliable", "crackly", "cheaply made", "heavy", "noisy",
                "dim", "slow", "fiddly", "broken", "overpriced", "glitchy", "weak"],
        "pos_facts": ["the battery lasts all day", "it charges in minutes", "the sound is amazing",
                      "the photos come out beautifully", "it set itself up in minutes", "it still works perfectly",
                      "the screen is gorgeous"],
        "neg_facts": ["it stopped working after a week", "the battery dies by lunchtime", "it overheats constantly",
                      "the screen cracked on day one", "it keeps disconnecting", "it arrived broken",
                      "the charger melted", "the buttons stick", "it died after a month"],
    },
    "apps": {
        "nouns": ["app", "update", "interface", "login", "notifications", "subscription", "design", "search",
                  "menus", "checkout", "support", "settings", "dark mode", "sync", "widget"],
        "things": ["this app", "this website", "this platform", "this service", "this tool", "this software"],
        "again": ["use it", "download it", "pay for it"],
        "pos": ["intuitive", "simple", "smooth", "useful", "clean", "fast", "handy", "reliable", "polished",
                "helpful", "clear", "free", "well designed", "lightning fast", "easy"],
        "neg": ["buggy", "clunky", "confusing", "slow", "useless", "cluttered", "unstable", "annoying",
                "broken", "pushy", "awkward", "bloated", "pointless", "sluggish", "unusable"],
        "pos_facts": ["it saves me hours every week", "it has never crashed on me", "everything syncs instantly",
                      "support answered within minutes", "it does exactly what it says", "setup took two minutes"],
        "neg_facts": ["it crashes every time I open it", "the latest update broke everything", "it is full of ads",
                      "it drains my battery", "I cannot even log in", "it keeps logging me out",
                      "they charged me twice", "it deleted all my notes", "cancelling the subscription is impossible"],
    },
    "services": {
        "nouns": ["plumber", "bank", "courier", "delivery", "electrician", "hairdresser", "garage", "cleaner",
                  "builder", "support team", "helpline", "removal men", "locksmith", "gardener", "dentist", "vet"],
        "things": ["this company", "this firm", "this bank", "this garage", "this salon", "this courier"],
        "again": ["use them", "call them", "book them"],
        "pos": ["punctual", "professional", "helpful", "polite", "friendly", "efficient", "reliable",
                "honest", "tidy", "quick", "thorough", "patient", "fair", "brilliant", "excellent"],
        "neg": ["late", "rude", "useless", "unprofessional", "sloppy", "careless", "dishonest", "slow",
                "expensive", "unreliable", "lazy", "hopeless", "clueless", "pushy", "awful"],
        "pos_facts": ["they turned up on time", "they fixed it in an hour", "the price was very fair",
                      "they cleaned up after themselves", "my parcel came a day early",
                      "they explained everything clearly", "they went the extra mile"],
        "neg_facts": ["they never showed up", "they overcharged me", "they ignored my emails",
                      "my parcel went missing", "I was on hold for an hour", "they left a mess everywhere",
                      "the leak came back the next day", "nobody called me back", "they broke my fence"],
    },
    "travel": {
        "nouns": ["flight", "train", "bus", "airline", "airport", "ferry", "trip", "tour", "guide", "taxi",
                  "seats", "crew", "journey", "cruise", "coach", "driver", "check-in", "connection"],
        "things": ["this airline", "this tour", "this cruise", "this operator", "this trip", "this rail company"],
        "again": ["fly with them", "travel with them", "book this trip"],
        "pos": ["smooth", "comfortable", "punctual", "relaxing", "friendly", "well organised", "scenic",
                "fun", "spacious", "quick", "helpful", "unforgettable", "easy", "memorable", "excellent"],
        "neg": ["delayed", "cancelled", "overcrowded", "cramped", "late", "chaotic", "exhausting",
                "filthy", "rude", "dirty", "disorganised", "stressful", "overbooked", "bumpy", "miserable"],
        "pos_facts": ["we landed early", "the crew looked after us", "the guide knew everything",
                      "every connection ran on time", "the views were breathtaking", "check-in took five minutes",
                      "the driver was so kind"],
        "neg_facts": ["they lost my luggage", "we missed our connection", "the flight was delayed for hours",
                      "the train was cancelled without warning", "we stood the whole way",
                      "nobody told us what was happening", "the toilets were disgusting",
                      "they charged us for everything", "the bus never came"],
    },
    "clothes": {
        "nouns": ["shirt", "jacket", "shoes", "dress", "jeans", "coat", "boots", "jumper", "fabric", "fit",
                  "stitching", "trainers", "scarf", "socks", "zip", "hoodie", "sandals", "leggings"],
        "things": ["these shoes", "this jacket", "this brand", "this shop", "these jeans", "this dress"],
        "again": ["buy from them", "order from this shop", "wear them"],
        "pos": ["comfortable", "warm", "soft", "well made", "stylish", "flattering", "cosy", "durable",
                "lovely", "smart", "light", "gorgeous", "waterproof", "breathable", "good quality"],
        "neg": ["itchy", "flimsy", "see-through", "scratchy", "tight", "baggy", "cheap-looking", "uncomfortable",
                "shoddy", "stiff", "thin", "faded", "ugly", "tatty", "poorly made"],
        "pos_facts": ["it fits like a glove", "they still look new after a year", "I get compliments every time",
                      "they kept my feet dry all day", "the colour is exactly as pictured", "it washes beautifully"],
        "neg_facts": ["it shrank in the first wash", "the colour ran everywhere", "the zip broke on day two",
                      "the seams split straight away", "they gave me blisters", "the sole came off",
                      "it looks nothing like the photo", "the buttons fell off", "it is two sizes too small"],
    },
    "games": {
        "nouns": ["game", "graphics", "controls", "levels", "storyline", "multiplayer", "puzzles", "boss fights",
                  "soundtrack", "servers", "campaign", "characters", "maps", "expansion", "board game"],
        "things": ["this game", "this sequel", "this expansion", "this board game", "this puzzle game", "this shooter"],
        "again": ["play it", "buy from this studio", "pick it up"],
        "pos": ["addictive", "fun", "challenging", "beautiful", "clever", "smooth", "epic", "relaxing",
                "immersive", "polished", "creative", "gorgeous", "satisfying", "brilliant", "exciting"],
        "neg": ["buggy", "repetitive", "unplayable", "clunky", "boring", "laggy", "unfair", "frustrating",
                "greedy", "shallow", "broken", "tedious", "ugly", "pointless", "grindy"],
        "pos_facts": ["I have played it for weeks", "the whole family loves it", "every level feels fresh",
                      "the story had me hooked", "it runs perfectly on my old laptop", "game night is better now"],
        "neg_facts": ["it crashes every few minutes", "the servers are always down", "it is pay to win",
                      "my save file vanished", "I finished it in two hours", "the pieces were missing",
                      "the controls barely respond", "it froze during the final boss"],
    },
    "furniture": {
        "nouns": ["sofa", "chair", "desk", "lamp", "mattress", "table", "wardrobe", "shelves", "bed frame",
                  "cushions", "drawers", "bookcase", "stool", "rug", "curtains"],
        "things": ["this sofa", "this desk", "this mattress", "this shop", "this chair", "this wardrobe"],
        "again": ["buy from them", "order from this store", "shop here"],
        "pos": ["sturdy", "comfortable", "solid", "stylish", "soft", "elegant", "roomy", "lovely",
                "well made", "beautiful", "supportive", "easy to assemble", "practical", "cosy"],
        "neg": ["wobbly", "flimsy", "scratched", "lumpy", "saggy", "cheaply made", "rickety", "uncomfortable",
                "chipped", "creaky", "faulty", "hard", "shoddy", "ugly"],
        "pos_facts": ["it went together in twenty minutes", "my back pain has gone", "it looks fantastic in our lounge",
                      "the delivery men carried it upstairs", "it still looks new after years"],
        "neg_facts": ["half the screws were missing", "it arrived scratched", "the legs snapped within a week",
                      "the drawers never close", "it collapsed on the first night", "the delivery was three weeks late",
                      "the instructions made no sense", "it smells of chemicals"],
    },
}

GENERIC_POS = ["good", "great", "excellent", "fantastic", "wonderful", "amazing", "lovely", "perfect", "superb",
               "outstanding", "brilliant", "decent", "pleasant", "impressive"]
GENERIC_NEG = ["bad", "terrible", "awful", "poor", "horrible", "dreadful", "disappointing", "rubbish", "appalling",
               "mediocre", "pathetic", "shocking", "abysmal", "lousy"]
INTENSIFIERS = ["really", "very", "so", "extremely", "absolutely", "incredibly", "truly", "genuinely", "super",
                "remarkably", "seriously", "unbelievably", "properly", "thoroughly"]
SOFTENERS = ["a bit", "slightly", "a little", "somewhat", "rather"]  # a weak complaint before a strong "but"
MILD_NEG = ["pricey", "basic", "busy", "plain", "expensive", "small", "old-fashioned", "quirky", "simple"]
MILD_POS = ["nice", "fine", "decent", "pleasant", "okay", "alright"]  # the first four also praise alone
# Who or what a noun belongs to: neutral words that must appear as often in praise as in complaints.
DETERMINERS = ["the", "the", "the", "the", "my", "our", "their", "this", "that", "his", "her"]
PLURALS = {"portions", "fries", "noodles", "chips", "pancakes", "towels", "pillows", "sheets", "staff", "headphones",
           "earbuds", "notifications", "menus", "seats", "crew", "shoes", "jeans", "boots", "trainers", "socks",
           "sandals", "leggings", "levels", "puzzles", "boss fights", "servers", "characters", "maps", "shelves",
           "cushions", "drawers", "curtains", "chapters", "illustrations", "special effects", "jokes",
           "removal men", "controls", "graphics"}
COMPARED_WITH = ["the last one", "I expected", "the reviews suggested", "its price suggests", "the old one",
                 "last time", "the one I had before", "the competition", "their other branch", "I was promised"]
NEGATED_POS = ["not good", "not great", "not worth it", "not impressed", "not happy", "not recommended"]


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _be(noun: str, past: bool) -> str:
    plural = noun in PLURALS
    return ("were" if plural else "was") if past else ("are" if plural else "is")


def _link(rng: np.random.Generator, noun: str, past: bool) -> str:
    """A verb joining a noun to its adjective: mostly "is"/"was", sometimes "felt", "seemed", "looked"."""
    if rng.random() < 0.7:
        return _be(noun, past)
    plural = noun in PLURALS
    return ["felt", "seemed", "looked", "turned out", "proved"][int(rng.integers(5))] if past else \
        ["feel", "seem", "look"][int(rng.integers(3))] + ("" if plural else "s")


def _cap(text: str) -> str:
    return text[0].upper() + text[1:]


def candidate(rng: np.random.Generator, domain: str, label: int) -> tuple[str, str]:
    """One review (text, frame name) for ``domain`` with ``label`` (1 positive, 0 negative)."""
    d = DOMAINS[domain]

    def pick(items):
        return items[int(rng.integers(len(items)))]

    good, bad = d["pos"] + GENERIC_POS[:8], d["neg"] + GENERIC_NEG[:8]
    same, other = (good, bad) if label else (bad, good)
    facts = d["pos_facts"] if label else d["neg_facts"]
    noun, noun2 = pick(d["nouns"]), pick(d["nouns"])
    past = bool(rng.integers(2))
    thing, again = pick(d["things"]), pick(d["again"])
    frame = pick(["plain", "plain", "intensified", "attributive", "pair", "fact", "fact_and", "negation",
                  "negation", "contrast", "contrast", "comparison", "verdict", "fact_verdict", "experience",
                  "outcome"])
    det = pick(DETERMINERS)
    if frame == "plain":
        # mild words must not give the label away: "nice" and "too pricey" appear in contrasts too
        adjective = pick(same)
        if rng.random() < 0.2:
            adjective = pick(MILD_POS[:4]) if label else f"too {pick(MILD_NEG)}"
        s = f"{det} {noun} {_link(rng, noun, past)} {adjective}"
        if rng.random() < 0.4:
            s += f" and {pick(same)}"
    elif frame == "intensified":
        degree = pick(SOFTENERS) if not label and rng.random() < 0.6 else pick(INTENSIFIERS)
        s = f"{det} {noun} {_link(rng, noun, past)} {degree} {pick(same)}"
    elif frame == "attributive":
        s = f"{pick(INTENSIFIERS) + ' ' if rng.random() < 0.4 else ''}{pick(same)} {noun}"
        if rng.random() < 0.5:
            s += f", {pick(same)} {noun2}" if noun2 != noun else ""
    elif frame == "pair":
        s = f"{pick(same)} {noun} and {pick(same)} {noun2}" if noun2 != noun else f"{pick(same)} {noun}, {pick(GENERIC_POS if label else GENERIC_NEG)} overall"
    elif frame == "fact":
        s = pick(facts)
    elif frame == "fact_and":
        s = f"{pick(facts)} and {pick(facts)}"
    elif frame == "negation":
        if label:
            s = pick([f"no complaints about the {noun}", f"not a single problem with {thing}",
                      f"never had a problem with {thing}", f"can't fault the {noun}",
                      f"I could not be happier with {thing}", f"the {noun} {_be(noun, past)} not {pick(bad)} at all",
                      f"I would not change a thing about {thing}", f"nothing {pick(bad)} about the {noun}",
                      f"would happily {again} again", f"I won't go anywhere else now",
                      f"not {pick(['bad', 'awful', 'terrible'])} at all, {pick(facts)}", f"never been disappointed by {thing}"])
        else:
            s = pick([f"the {noun} {_be(noun, past)} not {pick(good)}", f"not {pick(good)} at all",
                      f"would not recommend {thing}", f"I would never {again} again", f"{thing} is not worth the money",
                      f"nothing about the {noun} was {pick(good)}", f"not {pick(INTENSIFIERS)} {pick(good)}, sadly",
                      f"I won't {again} again", f"the {noun} {_be(noun, past)} not {pick(good)} and {pick(facts)}",
                      f"{pick(NEGATED_POS)}, {pick(facts)}", f"never again, {pick(facts)}",
                      f"don't bother with {thing}"])
    elif frame == "contrast":  # the clause after "but" carries the verdict, and is the stronger one
        if label:
            s = pick([f"{det} {noun} {_be(noun, past)} {pick(SOFTENERS)} {pick(MILD_NEG)} but {pick(facts)}",
                      f"{pick(SOFTENERS)} {pick(MILD_NEG)} but the {noun2} {_be(noun2, past)} {pick(INTENSIFIERS)} {pick(good)}",
                      f"not perfect, but {pick(facts)}", f"it took a while but {pick(facts)}"])
        else:
            s = pick([f"{det} {noun} {_be(noun, past)} {pick(MILD_POS)} but {pick(facts)}",
                      f"{pick(MILD_POS)} {noun} but the {noun2} {_be(noun2, past)} {pick(INTENSIFIERS)} {pick(bad)}",
                      f"{pick(good)} {noun}, but {pick(facts)}", f"it looked {pick(MILD_POS)} but {pick(facts)}"])
    elif frame == "comparison":
        if label:
            s = pick([f"much better than {pick(COMPARED_WITH)}", f"the {noun} {_be(noun, past)} better than {pick(COMPARED_WITH)}",
                      f"the best {noun} I have come across", f"far {pick(['better', 'nicer', 'more reliable'])} than {pick(COMPARED_WITH)}",
                      f"even better than {pick(COMPARED_WITH)}, {pick(facts)}", f"easily the best {noun} around"])
        else:
            s = pick([f"much worse than {pick(COMPARED_WITH)}", f"the {noun} {_be(noun, past)} worse than {pick(COMPARED_WITH)}",
                      f"the worst {noun} I have come across", f"not as {pick(good)} as {pick(COMPARED_WITH)}",
                      f"far {pick(['worse', 'poorer', 'less reliable'])} than {pick(COMPARED_WITH)}",
                      f"worse than {pick(COMPARED_WITH)}, {pick(facts)}"])
    elif frame == "verdict":
        if label:
            s = pick([f"highly recommend {thing}", f"worth every penny, {pick(facts)}", f"five stars for {thing}",
                      f"{thing} is a real gem", f"I love {thing}", f"would definitely {again} again",
                      f"{pick(INTENSIFIERS)} happy with {thing}", f"{thing} never lets me down"])
        else:
            s = pick([f"avoid {thing}", f"a waste of money, {pick(facts)}", f"one star for {thing}",
                      f"{thing} is a total disaster", f"I hate {thing}", f"stay away from {thing}",
                      f"{pick(INTENSIFIERS)} unhappy with {thing}", f"{thing} let me down badly"])
    elif frame == "experience":  # first person: what it was like
        if label:
            s = pick([f"I {pick(['loved', 'enjoyed', 'liked', 'adored'])} {det} {noun}",
                      f"we had a {pick(['great', 'lovely', 'wonderful', 'brilliant'])} time, {pick(facts)}",
                      f"so glad I chose {thing}", f"I {pick(['really', 'truly', 'honestly'])} enjoyed {thing}",
                      f"{thing} made my day", f"I was pleasantly surprised by the {noun}"])
        else:
            s = pick([f"I {pick(['hated', 'disliked', 'could not stand'])} {det} {noun}",
                      f"we had a {pick(['miserable', 'horrible', 'awful', 'stressful'])} time, {pick(facts)}",
                      f"I regret choosing {thing}", f"I {pick(['really', 'truly', 'honestly'])} regret {thing}",
                      f"{thing} ruined my day", f"I was shocked by the {noun}"])
    elif frame == "outcome":  # did it do what it promised?
        if label:
            s = pick([f"{det} {noun} {pick(['works', 'worked'])} perfectly", "money well spent",
                      f"{thing} exceeded my expectations", f"{thing} does the job brilliantly",
                      f"{thing} lived up to the hype", f"{det} {noun} {_be(noun, past)} worth the price"])
        else:
            s = pick([f"{det} {noun} {pick(['does not work', 'did not work', 'never worked'])}",
                      "money down the drain", f"{thing} fell short of my expectations",
                      f"{thing} is a complete letdown", f"{thing} did not live up to the hype",
                      f"{det} {noun} {_be(noun, past)} not worth the price"])
    else:  # fact_verdict
        s = f"{pick(facts)}, {pick(['highly recommended', 'love it', 'worth it', 'five stars', 'so pleased']) if label else pick(['avoid', 'never again', 'what a waste', 'one star', 'so disappointed'])}"
    end = "!" if rng.random() < 0.12 else "."
    return _cap(s) + end, frame


def jaccard_ok(words: set[str], kept: list[set[str]], index: dict[str, list[int]]) -> bool:
    """True if ``words`` shares at most MAX_JACCARD of its word set with every kept review."""
    shared: dict[int, int] = {}
    for w in words:
        for i in index.get(w, ()):
            shared[i] = shared.get(i, 0) + 1
    return all(n / (len(words) + len(kept[i]) - n) <= MAX_JACCARD for i, n in shared.items())


def original_reviews() -> list[str]:
    texts = []
    for split in ("train", "validation", "test"):
        lines = (OUT / f"{split}.tsv").read_text(encoding="utf-8").split("\n")[1:]
        texts += [line.split("\t")[1] for line in lines if line]
    return texts


def generate() -> list[tuple[str, str, str, str]]:
    """(label, text, domain, frame) rows, in generation order."""
    rng = np.random.default_rng(SEED)
    kept: list[set[str]] = []
    index: dict[str, list[int]] = {}

    def keep(words: set[str]) -> None:
        for w in words:
            index.setdefault(w, []).append(len(kept))
        kept.append(words)

    for review in original_reviews():
        keep(set(tokens(review)))
    rows, tries = [], 0
    wanted = [(domain, label) for domain in DOMAINS for label in (1, 0)]
    counts = dict.fromkeys(wanted, 0)
    while any(n < PER_DOMAIN_AND_LABEL for n in counts.values()):
        tries += 1
        if tries > MAX_TRIES:
            short = {k: v for k, v in counts.items() if v < PER_DOMAIN_AND_LABEL}
            raise SystemExit(f"gave up after {MAX_TRIES} tries; still short: {short}")
        domain, label = wanted[int(rng.integers(len(wanted)))]
        if counts[(domain, label)] >= PER_DOMAIN_AND_LABEL:
            continue
        review, frame = candidate(rng, domain, label)
        words = set(tokens(review))
        if not 3 <= len(tokens(review)) <= 12 or not jaccard_ok(words, kept, index):
            continue
        keep(words)
        counts[(domain, label)] += 1
        rows.append(("pos" if label else "neg", review, domain, frame))
    return rows


def split(rows: list[tuple[str, str, str, str]]) -> dict[str, list[tuple[str, str, str, str]]]:
    """70/15/15, stratified by (domain, label), each split shuffled."""
    rng = np.random.default_rng(SEED)
    parts: dict[str, list] = {"train": [], "validation": [], "test": []}
    groups: dict[tuple[str, str], list] = {}
    for row in rows:
        groups.setdefault((row[2], row[0]), []).append(row)
    for key in sorted(groups):
        group = [groups[key][i] for i in rng.permutation(len(groups[key]))]
        n_val = n_test = round(0.15 * len(group))
        parts["validation"] += group[:n_val]
        parts["test"] += group[n_val:n_val + n_test]
        parts["train"] += group[n_val + n_test:]
    return {name: [part[i] for i in rng.permutation(len(part))] for name, part in parts.items()}


def render(rows: list[tuple[str, str, str, str]]) -> str:
    return "label\ttext\tdomain\n" + "".join(f"{label}\t{text}\t{domain}\n" for label, text, domain, _ in rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the files instead of writing them")
    args = parser.parse_args(argv)
    parts = split(generate())
    differ = []
    for name, rows in parts.items():
        path = OUT / f"short_{name}.tsv"
        content = render(rows)
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != content:
                differ.append(path.name)
        else:
            path.write_text(content, encoding="utf-8")
            print(f"{path.relative_to(ROOT)}: {len(rows)} reviews")
    if differ:
        print("differ from the generator's output: " + ", ".join(differ))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
