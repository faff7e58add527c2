from django.http import HttpResponse
from django.urls import path

urlpatterns = [
    path("ping/", lambda request: HttpResponse("pong")),
]
