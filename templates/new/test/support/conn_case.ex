defmodule {= web_module =}.ConnCase do
  @moduledoc """
  The case for tests of the web layer: it builds a `conn`, imports
  `Phoenix.ConnTest` and the verified routes, and sets up the database
  sandbox like `{= module =}.DataCase`.
  """

  use ExUnit.CaseTemplate

  using do
    quote do
      @endpoint {= web_module =}.Endpoint

      use {= web_module =}, :verified_routes

      import Plug.Conn
      import Phoenix.ConnTest
      import {= web_module =}.ConnCase
    end
  end

  setup tags do
    {= module =}.DataCase.setup_sandbox(tags)
    {:ok, conn: Phoenix.ConnTest.build_conn()}
  end
end
