"""What the data download shows of the networks a person belongs to, and how deleting an
account takes them out (hooks of app/accounts/privacy.py)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.accounts import privacy
from app.accounts.models import User
from app.extensions import db
from app.rounds.models import Network, network_users


@privacy.section("networks", _l("Netzwerke"),
                 note=_l("Netzwerke, in die das Amt Sie aufgenommen hat, etwa um Sie zu "
                         "Netzwerkrunden einzuladen."))
def _networks(user: User) -> list[dict]:
    rows = db.session.execute(
        select(Network.id, Network.name)
        .join(network_users, network_users.c.network_id == Network.id)
        .where(network_users.c.user_id == user.id).order_by(Network.name))
    return [{"id": network_id, "name": name} for network_id, name in rows]


@privacy.on_delete
def _leave_networks(user: User) -> dict[str, int]:
    db.session.execute(network_users.delete().where(network_users.c.user_id == user.id))
    return {}
