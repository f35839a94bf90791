-- The key of this database's order-number permutation, drawn once at random (gen_random_uuid: PostgreSQL 13 or newer)
-- so that no two installations number their orders alike. format(sequence) = (sequence * multiplier + addend) mod 2^35
-- is a bijection of the 35-bit space for every odd multiplier: numbers stay unique. legacy_numbers is true when orders
-- numbered with the one fixed permutation used before this key exist; their numbers are skipped, never repeated.
create table order_number_key (
    only_row       boolean primary key default true check (only_row),
    multiplier     bigint  not null check (multiplier between 1 and 34359738367 and multiplier % 2 = 1),
    addend         bigint  not null check (addend between 0 and 34359738367),
    legacy_numbers boolean not null
);

-- The 36 leading random bits of one UUID v4 (hex digits 1-9) and 36 from after its version and variant (18-26).
insert into order_number_key (multiplier, addend, legacy_numbers)
select (('x' || lpad(substr(hex, 1, 9), 16, '0'))::bit(64)::bigint & 34359738367) | 1,
       ('x' || lpad(substr(hex, 18, 9), 16, '0'))::bit(64)::bigint & 34359738367,
       exists (select 1 from orders)
  from (select replace(gen_random_uuid()::text, '-', '') as hex) random_bits;
