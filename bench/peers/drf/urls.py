from django.urls import path

from bench.peers.drf.views import UserList

urlpatterns = [path("users", UserList.as_view())]
