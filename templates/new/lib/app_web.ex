defmodule {= web_module =} do
  @moduledoc """
  What every controller, component{$ if live $}, LiveView{$ endif $} and router of the web
  layer starts from: `use {= web_module =}, :controller`, `use {= web_module =}, :html`{$ if live $},
  `use {= web_module =}, :live_view`{$ endif $} and so on.

  Keep the quoted blocks to imports, uses and aliases; put functions in
  modules of their own and import those here.
  """

  def static_paths, do: ~w(assets fonts images favicon.ico robots.txt)

  def router do
    quote do
      use Phoenix.Router, helpers: false

      import Plug.Conn
      import Phoenix.Controller
{$ if live $}
      import Phoenix.LiveView.Router
{$ endif $}
    end
  end

  def channel do
    quote do
      use Phoenix.Channel
    end
  end

  def controller do
    quote do
      use Phoenix.Controller, formats: [:html, :json]

      use Gettext, backend: {= web_module =}.Gettext

      import Plug.Conn

      unquote(verified_routes())
    end
  end
{$ if live $}

  def live_view do
    quote do
      use Phoenix.LiveView

      unquote(html_helpers())
    end
  end

  def live_component do
    quote do
      use Phoenix.LiveComponent

      unquote(html_helpers())
    end
  end
{$ endif $}

  def html do
    quote do
      use Phoenix.Component

      import Phoenix.Controller,
        only: [get_csrf_token: 0, view_module: 1, view_template: 1]

      unquote(html_helpers())
    end
  end

  defp html_helpers do
    quote do
      use Gettext, backend: {= web_module =}.Gettext

      import Phoenix.HTML
      import {= web_module =}.CoreComponents

      alias Phoenix.LiveView.JS
      alias {= web_module =}.Layouts

      unquote(verified_routes())
    end
  end

  def verified_routes do
    quote do
      use Phoenix.VerifiedRoutes,
        endpoint: {= web_module =}.Endpoint,
        router: {= web_module =}.Router,
        statics: {= web_module =}.static_paths()
    end
  end

  @doc """
  Dispatches `use {= web_module =}, :which` to the function of that name.
  """
  defmacro __using__(which) when is_atom(which) do
    apply(__MODULE__, which, [])
  end
end
