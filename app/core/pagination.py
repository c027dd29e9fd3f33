"""A page of rows loaded by a module's own query, shaped like Flask-SQLAlchemy's pagination so
that every list uses the one `pagination` macro (templates/macros/ui.html)."""

from flask_sqlalchemy.pagination import Pagination


class LoadedPage(Pagination):
    """`items` (this page's rows) and `total` (all rows) as the caller counted them."""

    def __init__(self, items, *, total: int, page: int, per_page: int):
        super().__init__(page=page, per_page=per_page, max_per_page=None, error_out=False,
                         items=list(items), total=total)

    def _query_items(self) -> list:
        return self._query_args["items"]

    def _query_count(self) -> int:
        return self._query_args["total"]
