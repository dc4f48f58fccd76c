"""AMIF Hub."""

from service.api.messages import install as _install_translatable_messages

# Before any schema module is imported: marshmallow fields copy their messages when created.
_install_translatable_messages()
