defmodule {= web_module =}.PageController do
  use {= web_module =}, :controller

  def home(conn, _params) do
    render(conn, :home)
  end
end
