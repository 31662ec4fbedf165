defmodule {= web_module =}.Gettext do
  @moduledoc """
  The Gettext backend of the web layer. Modules translate with

      use Gettext, backend: {= web_module =}.Gettext

      gettext("Welcome")
      dgettext("errors", "is invalid")

  Translations live in priv/gettext; `mix gettext.extract` updates them.
  """
  use Gettext.Backend, otp_app: :{= app =}
end
