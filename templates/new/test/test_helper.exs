ExUnit.start()
Ecto.Adapters.SQL.Sandbox.mode({= repo =}, :manual)
