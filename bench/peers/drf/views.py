"""``GET /users``: DRF's generic list view over the active users, by id."""

from typing import Any

from rest_framework import generics, serializers

from bench.peers.drf.models import User


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "username", "profile_image")


class UserList(generics.ListAPIView):
    serializer_class = UserSerializer

    def get_queryset(self) -> Any:
        return User.objects.filter(is_active=True).order_by("id")
