"""The JSON bodies the control surface takes, each a strict model: an unknown or
ill-typed member is a 400 naming it."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Freeze(Body):
    at: datetime | None = None


class SetClock(Body):
    now: datetime


class Advance(Body):
    seconds: float = 0
    minutes: float = 0
    hours: float = 0
    days: float = 0


class Switch(Body):
    enabled: bool


class Verify(Body):
    method: str | None = None
    path: str | None = None
    status: int | str | None = None
    client: str | None = None
    customer: str | None = None
    operation: str | None = None
    query: dict[str, str] = Field(default_factory=dict)
    body_contains: str | None = None
    count: int | None = Field(None, ge=0)
    at_least: int | None = Field(None, ge=0)


class Limits(Body):
    qps: int | None = Field(None, ge=0)
    daily: int | None = Field(None, ge=0)
    used_today: int | None = Field(None, ge=0)


class NewClient(Body):
    name: str = "emulator client"
    api_key: str | None = None
    api_secret: str | None = None
    qps_limit: int | None = Field(None, ge=0)
    daily_limit: int | None = Field(None, ge=0)


class NewCustomer(Body):
    username: str
    password: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    middle_name: str = ""


class Downloads(Body):
    remaining: int = Field(ge=0)
