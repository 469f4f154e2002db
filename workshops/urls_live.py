from django.urls import path

from . import views_live as views
from . import views_participation as participation

app_name = "live"

urlpatterns = [
    # The polls first: sixty phones ask every two seconds, and the resolver tries in order.
    path("live/<str:code>/stand/", views.participant_poll, name="participant_poll"),
    path("prozesse/<int:pk>/live/<int:session_pk>/stand/", views.poll, name="poll"),
    # The facilitator's side, inside a strategy process.
    path("prozesse/<int:pk>/live/", views.cockpit, name="cockpit"),
    path("prozesse/<int:pk>/live/starten/", views.start, name="start"),
    path("prozesse/<int:pk>/live/beamer/", views.projector, name="projector"),
    path("prozesse/<int:pk>/live/<int:session_pk>/beenden/", views.end, name="end"),
    path("prozesse/<int:pk>/live/<int:session_pk>/agenda/", views.open_item, name="open_item"),
    path("prozesse/<int:pk>/live/<int:session_pk>/countdown/", views.timer, name="timer"),
    path("prozesse/<int:pk>/live/arbeitsblatt/<str:item>.pdf", views.worksheet, name="worksheet"),
    path(
        "prozesse/<int:pk>/live/<int:session_pk>/papier-erfassen/",
        views.transcribe,
        name="transcribe",
    ),
    path("prozesse/<int:pk>/live/<int:session_pk>/einschaetzung/", views.rating, name="rating"),
    path(
        "prozesse/<int:pk>/live/einschaetzung-uebernehmen/", views.rating_adopt, name="rating_adopt"
    ),
    path(
        "prozesse/<int:pk>/live/<int:session_pk>/punktabfrage/", views.vote_open, name="vote_open"
    ),
    path(
        "prozesse/<int:pk>/live/<int:session_pk>/punktabfrage/<int:vote_pk>/aufdecken/",
        views.vote_reveal,
        name="vote_reveal",
    ),
    path(
        "prozesse/<int:pk>/live/<int:session_pk>/punktabfrage/<int:vote_pk>/schliessen/",
        views.vote_close,
        name="vote_close",
    ),
    path(
        "prozesse/<int:pk>/live/<int:session_pk>/beitraege/<int:contribution_pk>/",
        views.decide,
        name="decide",
    ),
    # The participation record.
    path("prozesse/<int:pk>/beteiligung/", participation.participation, name="participation"),
    path("prozesse/<int:pk>/beteiligung/neu/", participation.offline_add, name="offline_add"),
    path(
        "prozesse/<int:pk>/beteiligung/<int:entry_pk>/bearbeiten/",
        participation.offline_edit,
        name="offline_edit",
    ),
    path(
        "prozesse/<int:pk>/beteiligung/<int:entry_pk>/loeschen/",
        participation.offline_delete,
        name="offline_delete",
    ),
    path(
        "prozesse/<int:pk>/live/<int:session_pk>/namen-loeschen/",
        participation.anonymise,
        name="anonymise",
    ),
    # The participants' side: a short address and the code.
    path("live/", views.join_code, name="join_code"),
    path("live/<str:code>/", views.participant, name="participant"),
    path("live/<str:code>/beitraege/", views.contribute, name="contribute"),
    path(
        "live/<str:code>/beitraege/<int:contribution_pk>/aendern/",
        views.edit_own,
        name="edit_own",
    ),
    path("live/<str:code>/punkte/", views.dot, name="dot"),
    path("live/<str:code>/einschaetzung/", views.rate, name="rate"),
    path(
        "live/<str:code>/beitraege/<int:contribution_pk>/zurueckziehen/",
        views.withdraw,
        name="withdraw",
    ),
]
