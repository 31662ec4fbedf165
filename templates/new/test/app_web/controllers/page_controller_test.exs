defmodule {= web_module =}.PageControllerTest do
  use {= web_module =}.ConnCase

  test "GET / renders the home page", %{conn: conn} do
    html = conn |> get(~p"/") |> html_response(200)
    assert html =~ "Welcome to {= module =}"
  end
end
