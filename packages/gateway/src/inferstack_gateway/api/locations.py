"""Where in a request body each item a service names lives: the route's own mapping.

Services name a faulty item by its list and index (`ItemError("images", 2, ...)`); a route
declares where each list sits in ITS body with `item_locations(images=("body", "files"))`,
and the problem renderer turns the item into `loc = ["body", "files", 2]`. A list a route does
not map is placed at `["body", <list>]`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from fastapi import Depends, Request, params

from inferstack_gateway.errors import ItemError

Location = tuple[str | int, ...]
_STATE_KEY = "item_locations"


def declare_locations(request: Request, mapping: Mapping[str, Location]) -> None:
    """Record `mapping` (a service's list name -> its location prefix) for this request."""
    setattr(request.state, _STATE_KEY, mapping)


def item_locations(**lists: Location) -> params.Depends:
    """A route dependency declaring the body location of each list the route's service names
    (keyword: the service's list name; value: the location prefix)."""
    mapping = dict(lists)

    async def declare(request: Request) -> None:
        declare_locations(request, mapping)

    dependency: params.Depends = Depends(declare)
    return dependency


def locate(request: Request, item: ItemError) -> list[str | int]:
    """`item`'s location in this request's body, by the mapping its route declared."""
    mapping: Mapping[str, Sequence[str | int]] = getattr(request.state, _STATE_KEY, {})
    prefix = mapping.get(item.field, ("body", item.field))
    index: Location = () if item.index is None else (item.index,)
    return [*prefix, *index, *item.path]
