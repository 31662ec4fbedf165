defmodule {= web_module =}.PageHTML do
  @moduledoc """
  Pages rendered by `{= web_module =}.PageController`, one template per
  action in page_html/.
  """
  use {= web_module =}, :html

  embed_templates "page_html/*"
end
