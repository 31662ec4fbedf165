defmodule {= web_module =}.ErrorJSON do
  @moduledoc """
  Renders JSON errors (configured in config/config.exs) as
  `%{errors: %{detail: "Not Found"}}`.
  """

  def render(template, _assigns) do
    %{errors: %{detail: Phoenix.Controller.status_message_from_template(template)}}
  end
end
