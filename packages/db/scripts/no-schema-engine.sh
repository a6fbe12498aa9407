#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded on our machines.
# `prisma generate` only checks that the file exists; any command that would really need the
# engine (migrate, db push) fails loudly here instead of pretending to succeed.
echo "LeadCore: the native Prisma schema engine is not installed. Use 'pnpm db:migrate' and 'pnpm db:migration <name>'." >&2
exit 1
