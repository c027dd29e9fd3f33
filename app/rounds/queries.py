"""The read side of rounds that other modules build their queries from. It depends on models
only, so any module above rounds may use it without an import cycle."""

from sqlalchemy.orm import selectinload

from app.accounts.models import Organisation, User
from app.rounds.models import Network, Round


def audience_loads():
    """Loader options for rounds whose audience is checked (Round.invites): the networks'
    people and organisations, without the eager graphs hanging off them."""
    networks = selectinload(Round.networks)
    return (
        networks.selectinload(Network.users).lazyload(User.role_rows),
        networks.selectinload(Network.users).lazyload(User.memberships),
        networks.selectinload(Network.organisations).lazyload(Organisation.memberships),
        selectinload(Round.organisations).lazyload(Organisation.memberships),
    )
