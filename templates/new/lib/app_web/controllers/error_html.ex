defmodule {= web_module =}.ErrorHTML do
  @moduledoc """
  Renders HTML error pages (configured in config/config.exs). The page is
  the status message ("Not Found"); add `embed_templates "error_html/*"`
  with a `404.html.heex` to customise one.
  """
  use {= web_module =}, :html

  def render(template, _assigns) do
    Phoenix.Controller.status_message_from_template(template)
  end
end
