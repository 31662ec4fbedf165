defmodule {= module =} do
  @moduledoc """
  {= module =} keeps the business logic of the application{$ if ash $}: its Ash
  domains and resources live under `lib/{= app =}/`{$ endif $}.

  The web layer in `{= web_module =}` calls into it and never the other way round.
  """
end
