-- GE memberships declared before claims existed stay confirmed: compositions already carry their GE and
-- the demo's GEs list their members; turning them into claims would silently drop the GE of groups that
-- structures already accepted. Only memberships ticked from now on wait for the GE's confirmation.
UPDATE "ge_memberships" SET "status" = 'confirmed', "decided_at" = "created_at" WHERE "status" = 'claimed';
