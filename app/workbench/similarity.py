"""What the workbench asks of the similarity engine (app.similarity): similar contributions,
similar draft items, and groups of likely duplicates. Suggestions only; nothing is merged
without a person."""

from dataclasses import dataclass

from app.concepts.models import Item
from app.contributions.models import Contribution
from app.events.similarity import card_text
from app.similarity import engine
from app.similarity import services as similarity
from app.similarity.services import MIN_SCORE


@dataclass
class ItemSuggestion:
    item: Item
    score: float


def similar_to(contribution: Contribution, limit: int = 5) -> list[similarity.Suggestion]:
    return similarity.similar_to(contribution, limit=limit)


def similar_items(contribution: Contribution, items: list[Item],
                  limit: int = 3) -> list[ItemSuggestion]:
    """The draft items whose text is closest to the contribution (by words and letters: items
    are few and change often, so they get no stored sentence vectors)."""
    if not items:
        return []
    index = engine.Index(((item.id, item.text) for item in items), use_embeddings=False)
    by_id = {item.id: item for item in items}
    found = index.query(card_text(contribution.title, contribution.body), limit)
    return [ItemSuggestion(by_id[i], round(score, 3)) for i, score in found if score >= MIN_SCORE]


def clusters(contributions: list[Contribution]) -> list[list[Contribution]]:
    return similarity.clusters(contributions)
