"""The read side of rounds that other modules build their queries from. It depends on models
only, so any module above rounds may use it without an import cycle."""

from sqlalchemy.orm import selectinload

from app.rounds.models import Network, Round


def audience_loads(via=None):
    """Loader options for rounds whose audience is checked (Round.invites): the invited
    networks with their people and organisations, and the invited organisations. `via` is
    the loader that reaches the rounds (e.g. `joinedload(Contribution.round)`), if they are
    not the query's own entity."""
    def load(attr):
        return via.selectinload(attr) if via is not None else selectinload(attr)

    # A network's organisations are few: joined to the networks (three statements, not four).
    networks = load(Round.networks)
    return (networks.selectinload(Network.users), networks.joinedload(Network.organisations),
            load(Round.organisations))
