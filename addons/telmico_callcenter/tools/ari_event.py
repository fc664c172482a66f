"""Asterisk ARI events translated into the call events of our contract (README "Asterisk ARI"): pure functions.

One ARI channel is one call (``call_id`` = the channel's id). Inbound calls enter the application from the
dialplan (``Stasis(<app>,<queue>,<ivr choice>)``); outbound calls are the channels Odoo originates, whose id
starts with ``OUTBOUND_PREFIX`` (the adapter chooses it), so an event alone tells the direction.
"""

OUTBOUND_PREFIX = "telmico-out-"
# hang-up causes (Q.850) meaning nobody answered: 18 no user responding, 19 no answer
NO_ANSWER_CAUSES = {18, 19}
DIAL_UNANSWERED = {"NOANSWER", "BUSY", "CONGESTION", "CHANUNAVAIL", "CANCEL"}


def _number(party):
    return ((party or {}).get("number") or "").strip() if isinstance(party, dict) else ""


def translate(event):
    """The call event (a payload of the contract, to be checked by ``call_event.parse_event``) an ARI event
    means, or ``None`` when it means nothing for the call log (``ChannelUnhold``, an agent leg's state...)."""
    if not isinstance(event, dict):
        return None
    kind = event.get("type")
    chan = event.get("caller") if kind == "Dial" else event.get("channel")
    if not isinstance(chan, dict) or not chan.get("id"):
        return None
    channel_id = str(chan["id"])
    outbound = channel_id.startswith(OUTBOUND_PREFIX)
    values = {"call_id": channel_id, "timestamp": event.get("timestamp"), "direction": "outbound" if outbound else None}
    if kind == "StasisStart" and not outbound:
        args = [str(arg) for arg in event.get("args") or []]
        values.update(
            event="ringing",
            direction="inbound",
            caller=_number(chan.get("caller")) or "anonymous",
            called=((chan.get("dialplan") or {}).get("exten") or "").strip() or None,
            queue=args[0] if args and args[0] else None,
            ivr_choice=args[1] if len(args) > 1 and args[1] else None,
        )
    elif kind == "ChannelStateChange" and chan.get("state") == "Ringing":
        values["event"] = "ringing"
    elif kind == "ChannelStateChange" and chan.get("state") == "Up" and not outbound:
        # the agent answered the caller: the channel's connected party is the agent's extension
        values.update(event="answered", extension=_number(chan.get("connected")) or None)
    elif kind == "Dial" and outbound and event.get("dialstatus") == "ANSWER":
        values["event"] = "answered"  # the client answered the number dialled for the agent
    elif kind == "Dial" and outbound and event.get("dialstatus") in DIAL_UNANSWERED:
        values["event"] = "missed"
    elif kind == "ChannelHold":
        values["event"] = "held"
    elif kind in ("ChannelHangupRequest", "ChannelDestroyed"):
        unanswered = chan.get("state") != "Up" or outbound
        values["event"] = "missed" if event.get("cause") in NO_ANSWER_CAUSES and unanswered else "ended"
    else:
        return None
    return {key: value for key, value in values.items() if value is not None}
