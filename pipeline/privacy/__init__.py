"""Privacy rules decided once, used by the checks, intake and the final guard alike.

- `normalise`: the one way text is folded before it is compared with a private string.
- `identity`: every variant of every person's private identity, and what is public.
- `matcher`: one multi-pattern matcher over folded text, with positions back to the source.
- `readers`: the outputs read as a reader reads them, for the last guard.
"""
